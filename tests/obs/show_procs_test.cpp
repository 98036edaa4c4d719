// The show controls as procs (what a Lua/Python script calls): the setlist cursor, the prompt list and
// clip stepping through proc_handler_call on a real source, never a prediction.
#include "obs/show_fixture.hpp"
#include "obs/source_procs.hpp"

#include <gtest/gtest.h>
#include <obs.h>
#include <obs.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace adiff::test {
namespace {

class ShowProcsTest : public ShowFixture {
protected:
	// Calls proc `name` (after `in` sets its parameters) and returns its `json` answer.
	json call(const char *name, const std::function<void(calldata_t *)> &in = {})
	{
		return call_source_proc(source_.get(), name, in);
	}

	json call_with(const char *name, const char *param, const std::string &value)
	{
		return call(name, [&](calldata_t *cd) { calldata_set_string(cd, param, value.c_str()); });
	}

	json setlist_set(long long index)
	{
		return call("setlist_set", [&](calldata_t *cd) { calldata_set_int(cd, "index", index); });
	}

	json play_clip(const std::string &which) { return call_with("play_clip", "which", which); }

	size_t saved_prompt_count()
	{
		OBSDataArrayAutoRelease list = obs_data_get_array(source_settings(source_.get()).get(), "prompt_list");
		return list ? obs_data_array_count(list) : 0;
	}
};

TEST_F(ShowProcsTest, ProcsSetTheListAndMoveTheCursorWithoutGenerating)
{
	start_fake();
	create_source(json::object());
	json answer = call_with("set_prompt_list", "prompts_json", R"(["alpha", {"value": "beta"}, "gamma"])");
	EXPECT_TRUE(answer.value("ok", false)) << answer.dump();
	EXPECT_EQ(answer.value("prompt_count", -2), 3) << answer.dump();
	EXPECT_EQ(saved_prompt_count(), 3u) << "the list is saved like a panel edit";
	answer = call("setlist_next");
	EXPECT_EQ(answer.value("code", ""), "setlist_off") << answer.dump();

	DataPtr patch = data_from_json(R"({"prompt_list_mode": "sequential"})");
	obs_source_update(source_.get(), patch.get());
	ASSERT_TRUE(wait_until([&] { return get_status().value("prompt_list_mode", "") == "sequential"; }, 10s));
	EXPECT_EQ(get_status().value("prompt_next", -2), 0);

	answer = call("setlist_next");
	EXPECT_TRUE(answer.value("ok", false)) << answer.dump();
	EXPECT_EQ(answer.value("prompt_next", -2), 1) << answer.dump();
	EXPECT_EQ(get_status().value("prompt_next", -2), 1);
	EXPECT_EQ(setlist_set(2).value("prompt_next", -2), 2);
	EXPECT_EQ(get_status().value("prompt_next", -2), 2);
	EXPECT_EQ(call("setlist_previous").value("prompt_next", -2), 1);

	for (long long bad : {3LL, -1LL}) {
		answer = setlist_set(bad);
		EXPECT_FALSE(answer.value("ok", true)) << bad;
		EXPECT_EQ(answer.value("code", ""), "invalid_setting") << answer.dump();
	}
	EXPECT_EQ(call("setlist_set").value("code", ""), "invalid_setting") << "no index given";
	EXPECT_EQ(get_status().value("prompt_next", -2), 1) << "a refused move left the cursor where it was";

	EXPECT_EQ(fake_->requests().size(), 0u) << "moving the cursor must not reach the API";
}

TEST_F(ShowProcsTest, BadPromptListsAndUnknownClipsAreRefusedClearly)
{
	start_fake();
	create_source(setlist("sequential"));
	for (const char *bad : {"not json [", "[1, 2]", R"({"value": "x"})", ""}) {
		const json answer = call_with("set_prompt_list", "prompts_json", bad);
		EXPECT_FALSE(answer.value("ok", true)) << bad;
		EXPECT_EQ(answer.value("code", ""), "invalid_setting") << bad << " → " << answer.dump();
		EXPECT_FALSE(answer.value("error", "").empty()) << bad;
	}
	EXPECT_EQ(call("set_prompt_list").value("code", ""), "invalid_setting") << "no prompts_json given";
	EXPECT_EQ(get_status().value("prompt_count", -2), 3) << "a refused list left the old one";

	for (const char *which : {"/nowhere/not-in-history.mp4", "0", ""}) {
		const json answer = play_clip(which);
		EXPECT_FALSE(answer.value("ok", true)) << which;
		EXPECT_EQ(answer.value("code", ""), "no_clip") << which << " → " << answer.dump();
	}
	EXPECT_EQ(call("next_clip").value("code", ""), "no_clip");
	EXPECT_EQ(clip_path(), "") << "a refused play_clip opened a file";
	const json clips = call("list_clips");
	EXPECT_TRUE(clips.value("ok", false));
	EXPECT_EQ(clips.value("clips", json()), json::array());

	EXPECT_EQ(fake_->requests().size(), 0u) << "refusals must not reach the API";
}

TEST_F(ShowProcsTest, ClipProcsStepThroughTheHistoryWithoutGenerating)
{
	const auto clips_made = source_with_two_clips();
	const std::string older = clips_made.first, newer = clips_made.second; // named: lambdas capture them
	ASSERT_FALSE(older.empty() || newer.empty()) << "two clips were not made";
	ASSERT_NE(older, newer);
	const int creates = fake_->creates();

	json clips = call("list_clips").value("clips", json());
	ASSERT_EQ(clips.size(), 2u) << clips.dump();
	EXPECT_EQ(clips[0].value("path", ""), newer);
	EXPECT_TRUE(clips[0].value("playing", false));
	EXPECT_FALSE(clips[1].value("playing", true));

	EXPECT_EQ(call("next_clip").value("clip_path", ""), older);
	EXPECT_EQ(clip_path(), older);
	EXPECT_EQ(get_status().value("clip_index", -2), 1);
	EXPECT_EQ(call("previous_clip").value("clip_path", ""), newer);
	EXPECT_EQ(clip_path(), newer);

	EXPECT_EQ(play_clip("1").value("clip_path", ""), older) << "an index as text";
	EXPECT_EQ(clip_path(), older);
	EXPECT_EQ(play_clip(newer).value("clip_path", ""), newer) << "a path of the history";
	EXPECT_EQ(clip_path(), newer);
	EXPECT_EQ(play_clip("/nowhere/clip.mp4").value("code", ""), "no_clip");
	EXPECT_EQ(clip_path(), newer);
	clips = call("list_clips").value("clips", json());
	ASSERT_EQ(clips.size(), 2u);
	EXPECT_TRUE(clips[0].value("playing", false));

	EXPECT_EQ(fake_->creates(), creates) << "stepping through clips spent a prediction";
}

} // namespace
} // namespace adiff::test
