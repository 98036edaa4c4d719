// The setlist cursor: which prompt a show's next generation takes, and when the cursor moves.
#include "core/live/prompt_setlist.hpp"

#include <gtest/gtest.h>

#include <set>

namespace adiff {
namespace {

const std::vector<std::string> kPrompts = {"neon city", "forest at dawn", "ocean storm", "desert night"};

std::string take(PromptSetlist &list)
{
	auto pick = list.peek();
	EXPECT_TRUE(pick.has_value());
	if (!pick)
		return {};
	list.succeeded(pick->index);
	return pick->prompt;
}

TEST(PromptSetlist, OffLeavesThePromptFieldInCharge)
{
	PromptSetlist list;
	list.configure(kPrompts, SetlistMode::Off);
	EXPECT_FALSE(list.peek().has_value());
	EXPECT_FALSE(list.next());
	EXPECT_EQ(list.state().next_index, -1);
	EXPECT_EQ(list.state().count, 4);
}

TEST(PromptSetlist, SequentialWalksTheListAndWrapsAround)
{
	PromptSetlist list;
	list.configure(kPrompts, SetlistMode::Sequential);
	std::vector<std::string> taken;
	for (int i = 0; i < 6; ++i)
		taken.push_back(take(list));
	EXPECT_EQ(taken, (std::vector<std::string>{"neon city", "forest at dawn", "ocean storm", "desert night",
						   "neon city", "forest at dawn"}));
	EXPECT_EQ(list.state().current_index, 1);
	EXPECT_EQ(list.state().next_index, 2);
}

TEST(PromptSetlist, OnlyASuccessMovesTheCursor)
{
	PromptSetlist list;
	list.configure(kPrompts, SetlistMode::Sequential);
	auto first = list.peek();
	ASSERT_TRUE(first);
	// A refused, failed or canceled generation reports nothing: the same prompt is next again.
	EXPECT_EQ(list.peek()->index, first->index);
	list.succeeded(first->index);
	EXPECT_EQ(list.peek()->index, 1);
	EXPECT_EQ(list.state().current_index, 0);
}

TEST(PromptSetlist, CursorMovesByHandWithoutGenerating)
{
	PromptSetlist list;
	list.configure(kPrompts, SetlistMode::Sequential);
	EXPECT_TRUE(list.next());
	EXPECT_TRUE(list.next());
	EXPECT_EQ(list.peek()->prompt, "ocean storm");
	EXPECT_TRUE(list.previous());
	EXPECT_EQ(list.peek()->prompt, "forest at dawn");
	EXPECT_TRUE(list.set(3));
	EXPECT_EQ(list.peek()->prompt, "desert night");
	EXPECT_FALSE(list.set(4));
	EXPECT_FALSE(list.set(-1));
	EXPECT_EQ(list.peek()->prompt, "desert night");
	EXPECT_EQ(list.state().current_index, -1) << "moving the cursor makes no clip";
}

TEST(PromptSetlist, AMoveDuringAGenerationIsKept)
{
	PromptSetlist list;
	list.configure(kPrompts, SetlistMode::Sequential);
	const int started = list.peek()->index; // 0 is being generated
	list.set(2);                            // the host picks the next one meanwhile
	list.succeeded(started);
	EXPECT_EQ(list.state().current_index, 0);
	EXPECT_EQ(list.peek()->index, 2);
}

TEST(PromptSetlist, ShuffleTakesEachPromptOncePerRoundWithoutImmediateRepeat)
{
	for (uint32_t seed = 0; seed < 200; ++seed) {
		PromptSetlist list(seed);
		list.configure(kPrompts, SetlistMode::Shuffle);
		std::string previous;
		for (int round = 0; round < 5; ++round) {
			std::set<std::string> seen;
			for (size_t i = 0; i < kPrompts.size(); ++i) {
				const std::string prompt = take(list);
				EXPECT_NE(prompt, previous) << "seed " << seed << " round " << round;
				seen.insert(prompt);
				previous = prompt;
			}
			EXPECT_EQ(seen.size(), kPrompts.size()) << "seed " << seed << " round " << round;
		}
	}
}

TEST(PromptSetlist, BlankEntriesAreDroppedAndEditsKeepThePlace)
{
	PromptSetlist list;
	list.configure({"one", "  ", "", "two", "three"}, SetlistMode::Sequential);
	EXPECT_EQ(list.state().count, 3);
	take(list);
	take(list);
	EXPECT_EQ(list.peek()->prompt, "three");
	list.configure({"one", "two", "three", "four"}, SetlistMode::Sequential);
	EXPECT_EQ(list.peek()->prompt, "three");
	list.configure({"one"}, SetlistMode::Sequential);
	EXPECT_EQ(list.peek()->prompt, "one");
	list.configure({}, SetlistMode::Sequential);
	EXPECT_FALSE(list.peek().has_value());
}

TEST(PromptSetlist, ModeIdsRoundTrip)
{
	for (SetlistMode mode : {SetlistMode::Off, SetlistMode::Sequential, SetlistMode::Shuffle}) {
		SetlistMode parsed = SetlistMode::Off;
		EXPECT_TRUE(parse_setlist_mode(setlist_mode_id(mode), &parsed));
		EXPECT_EQ(parsed, mode);
	}
	SetlistMode parsed;
	EXPECT_FALSE(parse_setlist_mode("random", &parsed));
}

} // namespace
} // namespace adiff
