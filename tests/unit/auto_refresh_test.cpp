// Auto-refresh timing on simulated time: when a new clip is due, and when it must not be.
#include "core/live/auto_refresh.hpp"
#include "core/live/rate_guard.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

constexpr uint64_t kSecond = kNsPerSecond;
constexpr uint64_t kMinute = 60 * kSecond;
constexpr uint64_t kT0 = 5000 * kSecond;

TEST(AutoRefresh, NothingIsDueWhileInactive)
{
	AutoRefresh refresh;
	refresh.configure(5 * kMinute, true);
	EXPECT_FALSE(refresh.due(kT0, false));
	EXPECT_FALSE(refresh.due(kT0 + 60 * kMinute, false));
	EXPECT_EQ(refresh.next_due_ns(), 0u);
}

TEST(AutoRefresh, DueOneIntervalAfterActivation)
{
	AutoRefresh refresh;
	refresh.configure(5 * kMinute, false);
	refresh.activate(kT0);
	EXPECT_FALSE(refresh.due(kT0, false)) << "without generate_on_activate the current clip stays first";
	EXPECT_FALSE(refresh.due(kT0 + 5 * kMinute - 1, false));
	EXPECT_TRUE(refresh.due(kT0 + 5 * kMinute, false));
	EXPECT_EQ(refresh.next_due_ns(), kT0 + 5 * kMinute);
}

TEST(AutoRefresh, GenerateOnActivateIsDueAtOnceThenEveryInterval)
{
	AutoRefresh refresh;
	refresh.configure(2 * kMinute, true);
	refresh.activate(kT0);
	EXPECT_TRUE(refresh.due(kT0, false));
	refresh.generation_started(kT0);
	EXPECT_FALSE(refresh.due(kT0 + kSecond, false));
	EXPECT_TRUE(refresh.due(kT0 + 2 * kMinute, false));
}

TEST(AutoRefresh, GenerateOnActivateAloneFiresOncePerActivation)
{
	AutoRefresh refresh;
	refresh.configure(0, true);
	refresh.activate(kT0);
	ASSERT_TRUE(refresh.due(kT0, false));
	refresh.generation_started(kT0);
	EXPECT_FALSE(refresh.due(kT0 + 600 * kMinute, false)) << "interval 0 means no periodic refresh";
	refresh.deactivate();
	refresh.activate(kT0 + 601 * kMinute);
	EXPECT_TRUE(refresh.due(kT0 + 601 * kMinute, false)) << "each activation generates once";
}

TEST(AutoRefresh, OffWhenIntervalIsZeroAndNoActivationTrigger)
{
	AutoRefresh refresh;
	refresh.configure(0, false);
	refresh.activate(kT0);
	for (uint64_t t = 0; t < 24 * 60 * kMinute; t += 7 * kMinute)
		EXPECT_FALSE(refresh.due(kT0 + t, false));
}

TEST(AutoRefresh, NoTriggerWhileBusyAndDueAgainOnceIdle)
{
	AutoRefresh refresh;
	refresh.configure(kMinute, false);
	refresh.activate(kT0);
	EXPECT_FALSE(refresh.due(kT0 + 3 * kMinute, true)) << "a generation is in flight: never a second one";
	EXPECT_TRUE(refresh.due(kT0 + 3 * kMinute, false));
}

TEST(AutoRefresh, AnyGenerationRestartsTheInterval)
{
	AutoRefresh refresh;
	refresh.configure(10 * kMinute, false);
	refresh.activate(kT0);
	// A chat command at minute 8 brings a new clip: it gets its full 10 minutes on screen.
	refresh.generation_started(kT0 + 8 * kMinute);
	EXPECT_FALSE(refresh.due(kT0 + 10 * kMinute, false));
	EXPECT_FALSE(refresh.due(kT0 + 18 * kMinute - 1, false));
	EXPECT_TRUE(refresh.due(kT0 + 18 * kMinute, false));
	EXPECT_EQ(refresh.next_due_ns(), kT0 + 18 * kMinute);
}

TEST(AutoRefresh, DeactivationStopsAndReactivationStartsAFreshInterval)
{
	AutoRefresh refresh;
	refresh.configure(5 * kMinute, false);
	refresh.activate(kT0);
	refresh.deactivate();
	EXPECT_FALSE(refresh.due(kT0 + 6 * kMinute, false)) << "off program: no credits spent";
	refresh.activate(kT0 + 20 * kMinute);
	EXPECT_FALSE(refresh.due(kT0 + 20 * kMinute, false)) << "time off program does not count";
	EXPECT_TRUE(refresh.due(kT0 + 25 * kMinute, false));
}

TEST(AutoRefresh, ActivateTwiceKeepsTheRunningInterval)
{
	// libobs may call activate for a source shown in two places; the interval must not restart.
	AutoRefresh refresh;
	refresh.configure(5 * kMinute, false);
	refresh.activate(kT0);
	refresh.activate(kT0 + 4 * kMinute);
	EXPECT_TRUE(refresh.due(kT0 + 5 * kMinute, false));
}

TEST(AutoRefresh, RefusedTriggerIsRetriedAfterTheGivenWait)
{
	AutoRefresh refresh;
	refresh.configure(kMinute, false);
	refresh.activate(kT0);
	const uint64_t due_at = kT0 + kMinute;
	ASSERT_TRUE(refresh.due(due_at, false));
	refresh.trigger_refused(due_at, 7 * kSecond); // e.g. the rate guard said "wait 7 s"
	EXPECT_FALSE(refresh.due(due_at + 6 * kSecond, false)) << "must not hammer the guard every frame";
	EXPECT_TRUE(refresh.due(due_at + 7 * kSecond, false));
	refresh.generation_started(due_at + 7 * kSecond);
	EXPECT_FALSE(refresh.due(due_at + 8 * kSecond, false));
	EXPECT_TRUE(refresh.due(due_at + 7 * kSecond + kMinute, false));
}

TEST(AutoRefresh, TriggerFailingForAnotherReasonWaitsAWholeInterval)
{
	AutoRefresh refresh;
	refresh.configure(5 * kMinute, true);
	refresh.activate(kT0);
	ASSERT_TRUE(refresh.due(kT0, false));
	refresh.trigger_refused(kT0, 0); // e.g. no API token: retrying every frame would flood the log
	EXPECT_FALSE(refresh.due(kT0 + kSecond, false));
	EXPECT_FALSE(refresh.due(kT0 + 5 * kMinute - 1, false));
	EXPECT_TRUE(refresh.due(kT0 + 5 * kMinute, false));
}

TEST(AutoRefresh, ShorteningTheIntervalCountsFromTheLastClip)
{
	AutoRefresh refresh;
	refresh.configure(10 * kMinute, false);
	refresh.activate(kT0);
	EXPECT_FALSE(refresh.due(kT0 + 6 * kMinute, false));
	refresh.configure(5 * kMinute, false);
	EXPECT_TRUE(refresh.due(kT0 + 6 * kMinute, false));
}

TEST(AutoRefresh, SimulatedHourOnProgramGivesOneClipPerInterval)
{
	// Drive it like video_tick does (30 fps) with a generation taking 40 s each time.
	AutoRefresh refresh;
	refresh.configure(5 * kMinute, true);
	refresh.activate(kT0);
	const uint64_t frame = kSecond / 30;
	const uint64_t generation = 40 * kSecond;
	uint64_t busy_until = 0;
	int started = 0;
	for (uint64_t t = kT0; t < kT0 + 60 * kMinute; t += frame) {
		const bool busy = t < busy_until;
		if (refresh.due(t, busy)) {
			refresh.generation_started(t);
			busy_until = t + generation;
			started++;
		}
	}
	EXPECT_EQ(started, 12) << "one on activation, then one every 5 minutes for an hour";
}

} // namespace
} // namespace adiff
