// Clip rotation: which clip plays next, when, and what happens with missing or damaged files.
#include "core/live/clip_rotation.hpp"

#include <gtest/gtest.h>

#include <set>

namespace adiff {
namespace {

constexpr uint64_t kS = 1'000'000'000ull;
const std::vector<std::string> kClips = {"/c/newest.mp4", "/c/middle.mp4", "/c/oldest.mp4"};

TEST(ClipRotation, SwitchesEveryIntervalWhileShowingNewestFirst)
{
	ClipRotation rotation([](const std::string &) { return true; });
	rotation.configure(10, RotateOrder::Sequential);
	rotation.set_clips(kClips, kClips[0]);
	rotation.playing(kClips[0], 0);
	EXPECT_FALSE(rotation.tick(9 * kS, true));
	EXPECT_EQ(rotation.tick(10 * kS, true), kClips[1]);
	EXPECT_FALSE(rotation.tick(15 * kS, true));
	EXPECT_EQ(rotation.tick(20 * kS, true), kClips[2]);
	EXPECT_EQ(rotation.tick(30 * kS, true), kClips[0]);
	EXPECT_EQ(rotation.current_index(), 0);
}

TEST(ClipRotation, OffOrHiddenNeverSwitches)
{
	ClipRotation rotation([](const std::string &) { return true; });
	rotation.set_clips(kClips, kClips[0]);
	rotation.configure(0, RotateOrder::Sequential);
	EXPECT_FALSE(rotation.tick(100 * kS, true));
	rotation.configure(5, RotateOrder::Sequential);
	rotation.playing(kClips[0], 0);
	EXPECT_FALSE(rotation.tick(100 * kS, false));
	// Hidden time does not count: back on screen, the clip gets a full interval.
	EXPECT_FALSE(rotation.tick(101 * kS, true));
	EXPECT_FALSE(rotation.tick(105 * kS, true));
	EXPECT_EQ(rotation.tick(106 * kS, true), kClips[1]);
}

TEST(ClipRotation, ANewClipPlaysAtOnceAndRestartsTheInterval)
{
	ClipRotation rotation([](const std::string &) { return true; });
	rotation.configure(10, RotateOrder::Sequential);
	rotation.set_clips(kClips, kClips[1]);
	rotation.playing(kClips[1], 0);
	std::vector<std::string> with_new = {"/c/new.mp4"};
	with_new.insert(with_new.end(), kClips.begin(), kClips.end());
	rotation.set_clips(with_new, "/c/new.mp4");
	rotation.playing("/c/new.mp4", 8 * kS);
	EXPECT_FALSE(rotation.tick(12 * kS, true));
	EXPECT_EQ(rotation.tick(18 * kS, true), kClips[0]);
}

TEST(ClipRotation, MissingAndDamagedFilesAreSkippedWithANote)
{
	ClipRotation rotation([](const std::string &path) { return path != "/c/middle.mp4"; });
	rotation.configure(1, RotateOrder::Sequential);
	rotation.set_clips(kClips, kClips[0]);
	rotation.playing(kClips[0], 0);
	EXPECT_EQ(rotation.tick(1 * kS, true), kClips[2]);
	EXPECT_EQ(rotation.take_skipped(), std::vector<std::string>{"/c/middle.mp4"});
	rotation.mark_damaged(kClips[0]);
	EXPECT_FALSE(rotation.tick(2 * kS, true)) << "nothing else is playable: stay, do not spin";
	EXPECT_EQ(rotation.current(), kClips[2]);
}

TEST(ClipRotation, NothingUsableNeverStalls)
{
	ClipRotation rotation([](const std::string &) { return false; });
	rotation.configure(1, RotateOrder::Shuffle);
	rotation.set_clips(kClips, "");
	EXPECT_FALSE(rotation.tick(0, true));
	EXPECT_FALSE(rotation.tick(1 * kS, true));
	EXPECT_FALSE(rotation.next());
	EXPECT_EQ(rotation.take_skipped().size(), 3u);
}

TEST(ClipRotation, ByHandNextPreviousAndIndex)
{
	ClipRotation rotation([](const std::string &) { return true; });
	rotation.set_clips(kClips, kClips[0]);
	EXPECT_EQ(rotation.next(), kClips[1]);
	EXPECT_EQ(rotation.previous(), kClips[0]);
	EXPECT_EQ(rotation.previous(), kClips[2]);
	EXPECT_EQ(rotation.clip_at(1), kClips[1]);
	EXPECT_FALSE(rotation.clip_at(3));
	EXPECT_FALSE(rotation.clip_at(-1));
}

TEST(ClipRotation, ShufflePlaysEveryClipOncePerLap)
{
	const std::vector<std::string> clips = {"/a", "/b", "/c", "/d", "/e"};
	for (uint32_t seed = 0; seed < 50; ++seed) {
		ClipRotation rotation([](const std::string &) { return true; }, seed);
		rotation.configure(1, RotateOrder::Shuffle);
		rotation.set_clips(clips, "/a");
		std::set<std::string> seen = {"/a"};
		for (int i = 0; i < 4; ++i) {
			auto clip = rotation.next();
			ASSERT_TRUE(clip);
			seen.insert(*clip);
		}
		EXPECT_EQ(seen.size(), clips.size()) << "seed " << seed;
	}
}

} // namespace
} // namespace adiff
