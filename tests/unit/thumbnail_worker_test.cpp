// The thumbnail cache's worker: a lookup answers at once while it decodes a large clip, the newest request
// goes first, forget and destruction cancel work in flight, and no callback comes after the destructor.
#include "support/temp_dir.hpp"
#include "thumbnail_support.hpp"

#include <filesystem>
#include <future>

namespace adiff::test {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

// 1920x1080: larger than the decode budget of a thumbnail's first frame, so the decoder scales it and logs
// that mid-decode, where a DecodeGate holds the worker.
std::string make_large_clip(const TempDir &dir, const std::string &name)
{
	const std::string path = dir.file(name);
	make_split_clip(path, 1920, 1080, ClipCodec::H264Mp4);
	return path;
}

TEST(ThumbnailWorker, LookupAnswersAtOnceWhileALargeClipDecodes)
{
	TempDir dir;
	const std::string large = make_large_clip(dir, "large.mp4");
	const std::string small = dir.file("small.mp4");
	make_split_clip(small, 64, 36, ClipCodec::H264Mp4);
	DecodeGate gate(true);
	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 160);

	std::shared_ptr<const Thumbnail> thumbnail;
	EXPECT_EQ(cache.lookup(large, &thumbnail), ThumbnailState::Pending);
	EXPECT_FALSE(thumbnail);
	ASSERT_TRUE(gate.wait_entered()) << "the worker never started decoding";
	// The worker is inside the decode and stays there until the gate opens: a lookup that waited for it
	// would not come back.
	auto answers = std::async(std::launch::async, [&] {
		return std::make_pair(cache.lookup(large, nullptr), cache.lookup(small, nullptr));
	});
	ASSERT_EQ(answers.wait_for(seconds(20)), std::future_status::ready) << "lookup waited for a decode";
	const auto [large_state, small_state] = answers.get();
	EXPECT_EQ(large_state, ThumbnailState::Pending);
	EXPECT_EQ(small_state, ThumbnailState::Pending);
	EXPECT_EQ(arrivals.total(), 0u);

	gate.open();
	ASSERT_TRUE(arrivals.wait_past(large, 0));
	ASSERT_TRUE(arrivals.wait_past(small, 0));
	ASSERT_EQ(cache.lookup(large, &thumbnail), ThumbnailState::Ready);
	EXPECT_EQ(thumbnail->width, 160);
	EXPECT_EQ(thumbnail->height, 90);
	EXPECT_TRUE(near(pixel_at(*thumbnail, 20, 45), colour::red));
	EXPECT_TRUE(near(pixel_at(*thumbnail, 140, 45), colour::blue));
	EXPECT_EQ(cache.lookup(small, nullptr), ThumbnailState::Ready);
}

TEST(ThumbnailWorker, TheNewestRequestGoesFirst)
{
	TempDir dir;
	const std::string large = make_large_clip(dir, "large.mp4");
	DecodeGate gate(true);
	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 160);
	EXPECT_EQ(cache.lookup(large, nullptr), ThumbnailState::Pending);
	ASSERT_TRUE(gate.wait_entered());
	// Queued while the worker is busy: a, b, c, then a again (wanted now).
	const std::string a = dir.file("a.mp4"), b = dir.file("b.mp4"), c = dir.file("c.mp4");
	for (const std::string &path : {a, b, c, a})
		EXPECT_EQ(cache.lookup(path, nullptr), ThumbnailState::Pending);
	gate.open();
	ASSERT_TRUE(arrivals.wait_past(b, 0));
	EXPECT_EQ(arrivals.paths(), (std::vector<std::string>{large, a, c, b}));
	EXPECT_EQ(cache.lookup(b, nullptr), ThumbnailState::Missing);
}

TEST(ThumbnailWorker, ForgetCancelsTheDecodeInFlight)
{
	TempDir dir;
	const std::string large = make_large_clip(dir, owned_name(1, "mp4"));
	const std::string next = dir.file(owned_name(2, "mp4"));
	make_split_clip(next, 64, 36, ClipCodec::H264Mp4);
	DecodeGate gate(true);
	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 160, dir.path());
	EXPECT_EQ(cache.lookup(large, nullptr), ThumbnailState::Pending);
	ASSERT_TRUE(gate.wait_entered());
	cache.forget(large); // e.g. the clip is being deleted
	EXPECT_EQ(cache.lookup(next, nullptr), ThumbnailState::Pending);
	gate.open();
	// One worker, in order: when the next clip is done, the forgotten one was abandoned.
	ASSERT_TRUE(arrivals.wait_past(next, 0));
	EXPECT_EQ(arrivals.count(large), 0) << "a forgotten clip was published";
	EXPECT_FALSE(fs::exists(thumbnail_path_for(large))) << "a canceled thumbnail was written";
	EXPECT_EQ(cache.stats().pngs_written, 1u);
	EXPECT_EQ(cache.size(), 1u);
}

TEST(ThumbnailWorker, DestructionDuringWorkIsPromptWithNoCallbackAfter)
{
	TempDir dir;
	const std::string large = make_large_clip(dir, owned_name(0, "mp4"));
	std::vector<std::string> clips{large};
	for (int i = 1; i < 8; i++) {
		clips.push_back(dir.file(owned_name(i, "mp4")));
		fs::copy_file(large, clips.back());
	}
	DecodeGate gate(false); // only says when the first decode is under way
	Arrivals arrivals;
	auto cache = std::make_unique<ThumbnailCache>(arrivals.fn(), 160, dir.path());
	for (const std::string &clip : clips)
		EXPECT_EQ(cache->lookup(clip, nullptr), ThumbnailState::Pending);
	ASSERT_TRUE(gate.wait_entered());

	const auto start = std::chrono::steady_clock::now();
	cache.reset();
	const double seconds_taken = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	arrivals.close();
	// Eight large clips were queued; the one under way is abandoned or, if it had just finished, published
	// before the destructor returned. Nothing is left half-written.
	EXPECT_LE(arrivals.total(), 1u);
	EXPECT_EQ(arrivals.late(), 0);
	EXPECT_LT(seconds_taken, 5.0);
	int pngs = 0;
	for (const auto &item : fs::directory_iterator(dir.path())) {
		const std::string name = item.path().filename().string();
		EXPECT_EQ(name.find(".part-"), std::string::npos) << name;
		pngs += name.find(".adiff-thumb.png") != std::string::npos ? 1 : 0;
	}
	EXPECT_LE(pngs, 1);
}

// The callback runs without the cache's lock: while it is (wrongly) slow, lookups still answer.
TEST(ThumbnailWorker, ACallbackInProgressDoesNotHoldLookupsUp)
{
	TempDir dir;
	const std::string clip = dir.file("clip.mp4");
	make_split_clip(clip, 64, 36, ClipCodec::H264Mp4);
	std::mutex mutex;
	std::condition_variable changed;
	bool entered = false, release = false;
	ThumbnailCache cache(
		[&](const std::string &) {
			std::unique_lock<std::mutex> lock(mutex);
			entered = true;
			changed.notify_all();
			changed.wait_for(lock, seconds(30), [&] { return release; });
		},
		160);
	EXPECT_EQ(cache.lookup(clip, nullptr), ThumbnailState::Pending);
	{
		std::unique_lock<std::mutex> lock(mutex);
		ASSERT_TRUE(changed.wait_for(lock, seconds(60), [&] { return entered; }));
	}
	auto answer = std::async(std::launch::async, [&] { return cache.lookup(clip, nullptr); });
	const bool answered = answer.wait_for(seconds(20)) == std::future_status::ready;
	{
		std::lock_guard<std::mutex> lock(mutex);
		release = true;
		changed.notify_all();
	}
	ASSERT_TRUE(answered) << "lookup waited for the callback";
	EXPECT_EQ(answer.get(), ThumbnailState::Ready);
}

} // namespace
} // namespace adiff::test
