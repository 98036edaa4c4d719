// How long the client waits before trying again.
#include "core/net/retry_policy.hpp"

#include <gtest/gtest.h>

#include <set>

namespace adiff {
namespace {

TEST(RetryPolicy, BackoffDoublesWithJitterAndCap)
{
	BackoffSettings s;
	s.base_ms = 100;
	s.cap_ms = 1000;
	std::mt19937 rng(42);
	for (int round = 0; round < 200; ++round) {
		for (int attempt = 1; attempt <= 6; ++attempt) {
			const double nominal = std::min(1000.0, 100.0 * (1 << (attempt - 1)));
			const int delay = backoff_delay_ms(attempt, s, rng);
			EXPECT_GE(delay, int(nominal * 0.75) - 1) << attempt;
			EXPECT_LE(delay, std::min(1000, int(nominal * 1.25) + 1)) << attempt;
		}
	}
	EXPECT_LE(backoff_delay_ms(1000, s, rng), 1000); // no overflow far out
}

TEST(RetryPolicy, JitterSpreadsClients)
{
	BackoffSettings s;
	std::mt19937 rng(7);
	std::set<int> seen;
	for (int i = 0; i < 20; ++i)
		seen.insert(backoff_delay_ms(3, s, rng));
	EXPECT_GT(seen.size(), 5u);
}

TEST(RetryPolicy, RetryAfterSecondsOrDate)
{
	const long long now = 1700000000; // Tue, 14 Nov 2023 22:13:20 GMT
	EXPECT_EQ(parse_retry_after("30", now), 30);
	EXPECT_EQ(parse_retry_after(" 0 ", now), 0);
	EXPECT_EQ(parse_retry_after("Tue, 14 Nov 2023 22:14:20 GMT", now), 60);
	EXPECT_EQ(parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now), 0); // already past
	EXPECT_EQ(parse_retry_after("", now), -1);
	EXPECT_EQ(parse_retry_after("soon", now), -1);
}

TEST(RetryPolicy, ResetsInFromThrottleText)
{
	EXPECT_EQ(parse_resets_in("Request was throttled. Your rate limit resets in ~30s."), 30);
	EXPECT_EQ(parse_resets_in("rate limit resets in 5s"), 5);
	EXPECT_EQ(parse_resets_in("Request was throttled."), -1);
}

TEST(RetryPolicy, ServerWishWinsUnlessTooLong)
{
	BackoffSettings s;
	s.max_retry_after_s = 60;
	std::mt19937 rng(1);
	EXPECT_EQ(retry_wait_ms(1, 3, s, rng), 3000);
	EXPECT_EQ(retry_wait_ms(1, 61, s, rng), -1); // tell the user instead of hanging a minute+
	EXPECT_LE(retry_wait_ms(1, 0, s, rng), 125);
}

} // namespace
} // namespace adiff
