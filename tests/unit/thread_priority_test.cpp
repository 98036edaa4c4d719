// Background priority is per thread: lowering it on a worker leaves the thread that started it (OBS's own, in
// the plugin) as it was, and it is never raised again.
#include "core/util/thread_priority.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace adiff {
namespace {

TEST(ThreadPriority, LoweredOnTheWorkerOnlyAndNeverRaised)
{
	const int before = thread_nice();
	int on_worker = -100, after_raise = -100;
	bool lowered = false, raised = false;
	std::thread worker([&] {
		lowered = lower_thread_priority(kBackgroundNice);
		on_worker = thread_nice();
		raised = lower_thread_priority(kBackgroundNice - 5); // asks for more priority: ignored
		after_raise = thread_nice();
	});
	worker.join();
	EXPECT_TRUE(lowered);
	EXPECT_EQ(on_worker, std::max(before, kBackgroundNice));
	EXPECT_TRUE(raised);
	EXPECT_EQ(after_raise, on_worker);
	EXPECT_EQ(thread_nice(), before) << "the calling thread keeps its priority";
}

} // namespace
} // namespace adiff
