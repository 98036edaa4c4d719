#include "core/util/thread_priority.hpp"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#elif defined(_WIN32)
#include <windows.h>
#elif defined(__APPLE__)
#include <pthread.h>
#endif

namespace adiff {

void lower_this_thread_priority()
{
#if defined(__linux__)
	// On Linux, nice applies per thread (the thread id as the "process").
	setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
#elif defined(_WIN32)
	SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL);
#elif defined(__APPLE__)
	pthread_set_qos_class_self_np(QOS_CLASS_UTILITY, 0);
#endif
}

} // namespace adiff
