#include "core/util/thread_priority.hpp"

#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace adiff {
namespace {

id_t this_thread_id()
{
	// Linux: PRIO_PROCESS with a thread id sets that thread only.
	return id_t(syscall(SYS_gettid));
}

} // namespace

int thread_nice()
{
	errno = 0;
	const int nice = getpriority(PRIO_PROCESS, this_thread_id());
	return errno == 0 ? nice : 0;
}

bool lower_thread_priority(int nice)
{
	if (thread_nice() >= nice)
		return true;
	return setpriority(PRIO_PROCESS, this_thread_id(), nice) == 0;
}

} // namespace adiff
