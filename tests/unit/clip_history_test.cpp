// A source's clip history: saved in the scene, newest first, capped by deleting the oldest files.
#include "core/clips/clip_owners.hpp"
#include "core/clips/clip_store.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace adiff::test {
namespace {

ClipRecord record_for(const std::string &path, int64_t seed = 1)
{
	ClipRecord record;
	record.path = path;
	record.seed = seed;
	record.created_unix = 1700000000 + seed;
	record.prompt = "clip " + std::to_string(seed);
	return record;
}

bool valid_utf8(const std::string &text)
{
	// nlohmann refuses to serialise invalid UTF-8: a compact, independent judge.
	try {
		(void)nlohmann::json(text).dump();
		return true;
	} catch (const nlohmann::json::exception &) {
		return false;
	}
}

std::vector<std::string> paths_of(const ClipHistory &history)
{
	std::vector<std::string> paths;
	for (const ClipRecord &record : history.records())
		paths.push_back(record.path);
	return paths;
}

// Sets TZ for one test so labels have a known local time.
class ScopedTimeZone {
public:
	explicit ScopedTimeZone(const char *tz)
	{
		const char *old = getenv("TZ");
		had_old_ = old != nullptr;
		if (old)
			old_ = old;
		setenv("TZ", tz, 1);
		tzset();
	}
	~ScopedTimeZone()
	{
		if (had_old_)
			setenv("TZ", old_.c_str(), 1);
		else
			unsetenv("TZ");
		tzset();
	}

private:
	bool had_old_ = false;
	std::string old_;
};

TEST(ClipRecord, RoundTrip)
{
	ClipRecord record;
	record.path = "/home/u/.config/obs-studio/plugin_config/obs-animatediff/clips/ab12.mp4";
	record.created_unix = 1795615380;
	record.seed = 2147483647;
	record.prompt = "赛博朋克 \"neon\"\nline two";
	record.prediction_id = "jywwf9nkfnrj20crap0as52zeg";
	record.predict_time = 41.25;
	record.width = 512;
	record.height = 512;
	record.frames = 16;

	const std::optional<ClipRecord> back = ClipRecord::from_json(nlohmann::json::parse(record.to_json().dump()));
	ASSERT_TRUE(back);
	EXPECT_EQ(back->path, record.path);
	EXPECT_EQ(back->created_unix, record.created_unix);
	EXPECT_EQ(back->seed, record.seed);
	EXPECT_EQ(back->prompt, record.prompt);
	EXPECT_EQ(back->prediction_id, record.prediction_id);
	EXPECT_DOUBLE_EQ(back->predict_time, record.predict_time);
	EXPECT_EQ(back->width, 512);
	EXPECT_EQ(back->height, 512);
	EXPECT_EQ(back->frames, 16);
}

TEST(ClipRecord, MalformedIsRejectedWithoutThrowing)
{
	const char *bad[] = {
		"null",
		"[]",
		"\"a.mp4\"",
		"{}",
		"{\"path\": \"\"}",
		"{\"path\": 5}",
		"{\"path\": \"/c/a.mp4\", \"seed\": \"12\"}",
		"{\"path\": \"/c/a.mp4\", \"seed\": 1.5}",
		"{\"path\": \"/c/a.mp4\", \"seed\": -1}",
		"{\"path\": \"/c/a.mp4\", \"width\": 99999999999}",
		"{\"path\": \"/c/a.mp4\", \"prompt\": [\"x\"]}",
		"{\"path\": \"/c/a.mp4\", \"predict_time\": \"fast\"}",
		"{\"path\": \"/c/a.mp4\", \"created_unix\": 18446744073709551615}",
	};
	for (const char *text : bad) {
		std::optional<ClipRecord> record;
		EXPECT_NO_THROW(record = ClipRecord::from_json(nlohmann::json::parse(text))) << text;
		EXPECT_FALSE(record) << text;
	}
	// Only the path is required: records written with fewer fields still load.
	const std::optional<ClipRecord> minimal =
		ClipRecord::from_json(nlohmann::json::parse("{\"path\": \"/c/a.mp4\"}"));
	ASSERT_TRUE(minimal);
	EXPECT_EQ(minimal->seed, 0);
	EXPECT_EQ(minimal->predict_time, -1);
}

TEST(ClipHistory, FromJsonSkipsMalformedEntriesAndKeepsOrder)
{
	const nlohmann::json array = nlohmann::json::parse(R"([
		{"path": "/c/new.mp4", "seed": 3},
		42,
		{"path": 7},
		{"path": "/c/mid.mp4", "seed": 2},
		{"seed": 9},
		{"path": "/c/new.mp4", "seed": 99},
		{"path": "/c/old.mp4", "seed": 1}
	])");
	const ClipHistory history = ClipHistory::from_json(array);
	EXPECT_EQ(paths_of(history), (std::vector<std::string>{"/c/new.mp4", "/c/mid.mp4", "/c/old.mp4"}));
	EXPECT_EQ(history.records()[0].seed, 3);

	// And it survives its own round trip.
	EXPECT_EQ(paths_of(ClipHistory::from_json(history.to_json())), paths_of(history));
}

TEST(ClipHistory, NonArrayReadsAsEmpty)
{
	for (const char *text : {"null", "{}", "\"x\"", "17"})
		EXPECT_TRUE(ClipHistory::from_json(nlohmann::json::parse(text)).records().empty()) << text;
	EXPECT_TRUE(ClipHistory().to_json().is_array());
}

TEST(ClipHistory, AddPutsNewestFirstAndDedupesByPath)
{
	ClipHistory history;
	history.add(record_for("/c/a.mp4", 1));
	history.add(record_for("/c/b.mp4", 2));
	history.add(record_for("/c/c.mp4", 3));
	EXPECT_EQ(paths_of(history), (std::vector<std::string>{"/c/c.mp4", "/c/b.mp4", "/c/a.mp4"}));

	// A cached clip served again moves to the front, with its new details.
	history.add(record_for("/c/a.mp4", 4));
	EXPECT_EQ(paths_of(history), (std::vector<std::string>{"/c/a.mp4", "/c/c.mp4", "/c/b.mp4"}));
	EXPECT_EQ(history.records().front().seed, 4);
}

class ClipHistoryCap : public ::testing::Test {
protected:
	// Five clips on disk, oldest (0) to newest (4), each `size` bytes; the history lists them newest first.
	void make_clips(size_t size)
	{
		for (int i = 0; i < 5; i++) {
			// Named as the clip store names its files: only those may be deleted.
			paths.push_back(dir.file(std::string(63, 'c') + std::to_string(i) + ".mp4"));
			write_file(paths.back(), std::string(size, 'v'));
			history.add(record_for(paths.back(), i));
		}
	}
	bool on_disk(int i) const { return std::filesystem::exists(paths[size_t(i)]); }
	// What the source does: drop from the history, then delete the files no other source uses.
	std::vector<std::string> drop_and_delete(size_t max_count, uint64_t max_bytes)
	{
		const std::vector<std::string> dropped = history.drop_over_cap(max_count, max_bytes);
		EXPECT_EQ(owners.delete_unused(dropped, 0, store), dropped) << "every dropped file was deleted";
		return dropped;
	}

	TempDir dir;
	std::vector<std::string> paths;
	ClipHistory history;
	ClipStore store{dir.path()};
	ClipOwners owners; // no other source: every dropped file is deleted
};

TEST_F(ClipHistoryCap, ByCountDeletesExactlyTheOldestFiles)
{
	make_clips(100);
	const std::vector<std::string> removed = drop_and_delete(3, 0);
	EXPECT_EQ(removed, (std::vector<std::string>{paths[1], paths[0]}));
	EXPECT_EQ(paths_of(history), (std::vector<std::string>{paths[4], paths[3], paths[2]}));
	EXPECT_TRUE(on_disk(4) && on_disk(3) && on_disk(2));
	EXPECT_FALSE(on_disk(1));
	EXPECT_FALSE(on_disk(0));
}

TEST_F(ClipHistoryCap, ByBytesDeletesExactlyTheOldestFiles)
{
	make_clips(100);
	// 250 bytes hold two 100-byte clips, not three.
	const std::vector<std::string> removed = drop_and_delete(0, 250);
	EXPECT_EQ(removed, (std::vector<std::string>{paths[2], paths[1], paths[0]}));
	EXPECT_EQ(paths_of(history), (std::vector<std::string>{paths[4], paths[3]}));
	EXPECT_TRUE(on_disk(4) && on_disk(3));
	EXPECT_FALSE(on_disk(2) || on_disk(1) || on_disk(0));

	// Exactly at the limit is within it.
	EXPECT_TRUE(drop_and_delete(0, 200).empty());
	EXPECT_EQ(history.records().size(), 2u);
}

TEST_F(ClipHistoryCap, NoLimitsKeepEverything)
{
	make_clips(10);
	EXPECT_TRUE(drop_and_delete(0, 0).empty());
	EXPECT_TRUE(drop_and_delete(5, 50).empty());
	EXPECT_EQ(history.records().size(), 5u);
	for (int i = 0; i < 5; i++)
		EXPECT_TRUE(on_disk(i));
}

TEST_F(ClipHistoryCap, TheNewestClipIsNeverDeleted)
{
	make_clips(1000);
	const std::vector<std::string> removed = drop_and_delete(0, 10);
	EXPECT_EQ(removed.size(), 4u);
	EXPECT_EQ(paths_of(history), (std::vector<std::string>{paths[4]}));
	EXPECT_TRUE(on_disk(4));
	EXPECT_FALSE(on_disk(3));
}

// A scene collection is untrusted: its clip_history may name any file. The cap drops such an entry from the
// history but never deletes a file the plugin did not make in its own clips folder.
TEST_F(ClipHistoryCap, ForeignFilesListedInTheHistoryAreDroppedButNeverDeleted)
{
	TempDir elsewhere;
	const std::string document = elsewhere.file("thesis.docx");
	write_file(document, "years of work");
	// A symlink inside the clips folder, named like a clip, pointing at the user's document.
	const std::string link = dir.file(std::string(64, 'd') + ".mp4");
	std::filesystem::create_symlink(document, link);
	// A file in the clips folder that is not named like one of ours.
	const std::string stranger = dir.file("notes.mp4");
	write_file(stranger, "mine");
	// A clip-like name in a sub-folder of the clips folder.
	std::filesystem::create_directory(dir.file("sub"));
	const std::string nested = dir.file("sub/" + std::string(64, 'e') + ".mp4");
	write_file(nested, "nested");

	ClipHistory foreign;
	for (const std::string &path : {document, link, stranger, nested})
		foreign.add(record_for(path, 1));
	const std::string own = dir.file(std::string(64, 'f') + ".mp4");
	write_file(own, "ours");
	foreign.add(record_for(own, 2));

	const std::vector<std::string> dropped = foreign.drop_over_cap(1, 0);
	EXPECT_EQ(dropped.size(), 4u);
	EXPECT_TRUE(owners.delete_unused(dropped, 0, store).empty());
	EXPECT_TRUE(std::filesystem::exists(document));
	EXPECT_TRUE(std::filesystem::is_symlink(link));
	EXPECT_TRUE(std::filesystem::exists(stranger));
	EXPECT_TRUE(std::filesystem::exists(nested));
	// The same path spelled through ".." is still the user's document.
	EXPECT_TRUE(owners.delete_unused(
				  {dir.file("sub/../../" + std::filesystem::path(elsewhere.path()).filename().string() +
					    "/thesis.docx")},
				  0, store)
			    .empty());
	EXPECT_TRUE(std::filesystem::exists(document));
}

TEST(ClipRecord, OverlongOrNonAbsolutePathsAreRejectedWhenRead)
{
	EXPECT_FALSE(ClipRecord::from_json({{"path", "/" + std::string(5000, 'a') + ".mp4"}}));
	EXPECT_FALSE(ClipRecord::from_json({{"path", "relative/clip.mp4"}}));
	EXPECT_FALSE(ClipRecord::from_json({{"path", std::string("/tmp/a\0b.mp4", 13)}}));
	EXPECT_TRUE(ClipRecord::from_json({{"path", "/home/me/Videos/clip.mp4"}}));
}

TEST_F(ClipHistoryCap, PruneMissingDropsRecordsWhoseFileIsGone)
{
	make_clips(10);
	std::filesystem::remove(paths[1]);
	std::filesystem::remove(paths[3]);
	history.prune_missing();
	EXPECT_EQ(paths_of(history), (std::vector<std::string>{paths[4], paths[2], paths[0]}));
}

TEST(ClipRecordLabel, FormatIsLocalTimeSeedAndFirstWords)
{
	ScopedTimeZone tz("UTC0");
	ClipRecord record;
	record.created_unix = 1795615380; // 2026-11-25 14:03 UTC
	record.seed = 1234;
	record.prompt = "neon city at night, rain, cyberpunk, detailed";
	EXPECT_EQ(record.label(), "2026-11-25 14:03 \u00b7 seed 1234 \u00b7 neon city at night, rain\u2026");

	record.prompt = "  neon\ncity  ";
	EXPECT_EQ(record.label(), "2026-11-25 14:03 \u00b7 seed 1234 \u00b7 neon city");

	record.prompt = "";
	EXPECT_EQ(record.label(), "2026-11-25 14:03 \u00b7 seed 1234");
}

TEST(ClipRecordLabel, UsesTheLocalTimeZone)
{
	ScopedTimeZone tz("CST-8"); // POSIX form: UTC+8 without needing tzdata
	ClipRecord record;
	record.created_unix = 1795615380; // 22:03 in UTC+8
	record.seed = 7;
	record.prompt = "cat";
	EXPECT_EQ(record.label(), "2026-11-25 22:03 \u00b7 seed 7 \u00b7 cat");
}

TEST(ClipRecordLabel, LongWordsAreCutToFortyBytes)
{
	ScopedTimeZone tz("UTC0");
	ClipRecord record;
	record.created_unix = 0;
	record.prompt = std::string(100, 'x');
	const std::string label = record.label();
	EXPECT_EQ(label, "1970-01-01 00:00 \u00b7 seed 0 \u00b7 " + std::string(40, 'x') + "\u2026");
}

TEST(ClipRecordLabel, ChinesePromptsStayValidUtf8)
{
	ScopedTimeZone tz("UTC0");
	ClipRecord record;
	// No spaces, three bytes a character: the 40-byte cut lands inside a character for some offsets.
	const std::string chinese = "夜晚的赛博朋克城市霓虹灯闪烁雨水倒映在街道上一只猫走过";
	for (const std::string prefix : {"", "a", "ab"}) {
		record.prompt = prefix + chinese;
		const std::string label = record.label();
		EXPECT_TRUE(valid_utf8(label)) << prefix;
		const std::string excerpt = label.substr(label.rfind("\u00b7 ") + std::string("\u00b7 ").size());
		EXPECT_LE(excerpt.size(), 40u + std::string("\u2026").size()) << label;
		EXPECT_EQ(excerpt.substr(0, prefix.size() + 3), prefix + "夜") << label;
		EXPECT_EQ(excerpt.substr(excerpt.size() - 3), "\u2026") << label;
	}
}

} // namespace
} // namespace adiff::test
