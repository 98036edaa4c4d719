// The per-source guard on automated triggers (and the progress-event throttle), on simulated time.
#include "core/live/rate_guard.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

constexpr uint64_t kSecond = kNsPerSecond;
constexpr uint64_t kStart = 1000 * kSecond; // an arbitrary monotonic-clock reading

TEST(RateGuard, FirstTriggerPassesAndASecondWithinTheIntervalIsRefused)
{
	RateGuard guard(10 * kSecond);
	EXPECT_TRUE(guard.try_pass(kStart));
	EXPECT_FALSE(guard.try_pass(kStart + 3 * kSecond));
	EXPECT_EQ(guard.wait_seconds(kStart + 3 * kSecond), 7);
}

TEST(RateGuard, WaitIsRoundedUpSoTheCallerNeverRetriesTooEarly)
{
	RateGuard guard(10 * kSecond);
	guard.record(kStart);
	EXPECT_EQ(guard.wait_seconds(kStart + 9 * kSecond + 1), 1);
	EXPECT_EQ(guard.wait_seconds(kStart + kSecond / 2), 10);
	EXPECT_EQ(guard.wait_ns(kStart + 4 * kSecond), 6 * kSecond);
}

TEST(RateGuard, PassesAgainExactlyWhenTheIntervalHasElapsed)
{
	RateGuard guard(10 * kSecond);
	ASSERT_TRUE(guard.try_pass(kStart));
	EXPECT_FALSE(guard.try_pass(kStart + 10 * kSecond - 1));
	EXPECT_TRUE(guard.try_pass(kStart + 10 * kSecond));
	// ...and the interval now runs from the second trigger, not the first.
	EXPECT_FALSE(guard.try_pass(kStart + 15 * kSecond));
	EXPECT_EQ(guard.wait_seconds(kStart + 15 * kSecond), 5);
}

TEST(RateGuard, ARefusedTriggerDoesNotExtendTheWait)
{
	RateGuard guard(10 * kSecond);
	ASSERT_TRUE(guard.try_pass(kStart));
	for (int i = 1; i < 10; i++)
		EXPECT_FALSE(guard.try_pass(kStart + uint64_t(i) * kSecond)) << i;
	EXPECT_TRUE(guard.try_pass(kStart + 10 * kSecond)) << "a flood must not lock the guard for ever";
}

TEST(RateGuard, CheckingDoesNotRecord)
{
	RateGuard guard(10 * kSecond);
	EXPECT_EQ(guard.wait_ns(kStart), 0u);
	EXPECT_EQ(guard.wait_seconds(kStart), 0);
	EXPECT_TRUE(guard.try_pass(kStart + kSecond)) << "wait_ns() must not have counted as a trigger";
}

TEST(RateGuard, ZeroIntervalIsOff)
{
	RateGuard guard(0);
	for (int i = 0; i < 5; i++)
		EXPECT_TRUE(guard.try_pass(kStart)) << i;
	EXPECT_EQ(guard.wait_seconds(kStart), 0);
}

TEST(RateGuard, ChangingTheIntervalAppliesToTheLastTrigger)
{
	RateGuard guard(10 * kSecond);
	guard.record(kStart);
	guard.set_min_interval_ns(30 * kSecond);
	EXPECT_EQ(guard.wait_seconds(kStart + 10 * kSecond), 20);
	guard.set_min_interval_ns(0);
	EXPECT_TRUE(guard.try_pass(kStart + 10 * kSecond));
}

TEST(RateGuard, ResetForgetsTheLastTrigger)
{
	RateGuard guard(10 * kSecond);
	guard.record(kStart);
	guard.reset();
	EXPECT_TRUE(guard.try_pass(kStart + 1));
}

TEST(RateGuard, ThrottlesProgressToFourPerSecond)
{
	// 100 reports per second for 2 s (one every 10 ms) let through at most 4 per second.
	RateGuard throttle(250'000'000);
	int passed = 0;
	for (uint64_t t = 0; t < 2 * kSecond; t += 10'000'000)
		passed += throttle.try_pass(kStart + t) ? 1 : 0;
	EXPECT_EQ(passed, 8);
}

} // namespace
} // namespace adiff
