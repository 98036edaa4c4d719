// Thumbnails of real clips (made with the ffmpeg CLI): the first frame's colours, scaled with its aspect; PNG
// files beside the plugin's own clips only, reused on the next run; missing and damaged clips; GIF and WebM.
#include "core/media/thumbnail_png.hpp"
#include "support/log_capture.hpp"
#include "support/temp_dir.hpp"
#include "thumbnail_support.hpp"

#include <algorithm>
#include <filesystem>

namespace adiff::test {
namespace {

namespace fs = std::filesystem;

bool exists(const std::string &path)
{
	std::error_code ec;
	return fs::exists(path, ec);
}

std::vector<std::string> folder_names(const std::string &dir)
{
	std::vector<std::string> names;
	for (const auto &item : fs::directory_iterator(dir))
		names.push_back(item.path().filename().string());
	std::sort(names.begin(), names.end());
	return names;
}

// A red left half and a blue right half, nothing of the later frames' green or white.
void expect_red_blue(const Thumbnail &thumbnail)
{
	const int w = thumbnail.width, h = thumbnail.height;
	for (int y : {1, h / 2, h - 2}) {
		EXPECT_TRUE(near(pixel_at(thumbnail, 1, y), colour::red)) << "left edge, row " << y;
		EXPECT_TRUE(near(pixel_at(thumbnail, w / 4, y), colour::red)) << "left quarter, row " << y;
		EXPECT_TRUE(near(pixel_at(thumbnail, 3 * w / 4, y), colour::blue)) << "right quarter, row " << y;
		EXPECT_TRUE(near(pixel_at(thumbnail, w - 2, y), colour::blue)) << "right edge, row " << y;
	}
}

TEST(ThumbnailCache, IsTheFirstFrameScaledWithItsAspect)
{
	TempDir dir;
	const std::string wide = dir.file("wide.mp4"), tall = dir.file("tall.mp4");
	make_split_clip(wide, 320, 180, ClipCodec::H264Mp4);
	make_split_clip(tall, 96, 192, ClipCodec::H264Mp4);
	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 160);

	std::shared_ptr<const Thumbnail> thumbnail;
	ASSERT_EQ(settle(cache, arrivals, wide, &thumbnail), ThumbnailState::Ready);
	ASSERT_TRUE(thumbnail);
	EXPECT_EQ(thumbnail->width, 160);
	EXPECT_EQ(thumbnail->height, 90);
	EXPECT_EQ(thumbnail->rgba.size(), size_t(160 * 90 * 4));
	expect_red_blue(*thumbnail);

	ASSERT_EQ(settle(cache, arrivals, tall, &thumbnail), ThumbnailState::Ready);
	EXPECT_EQ(thumbnail->width, 80); // a smaller clip is enlarged: every thumbnail's longer side is 160
	EXPECT_EQ(thumbnail->height, 160);
	expect_red_blue(*thumbnail);
	EXPECT_EQ(cache.stats().clips_decoded, 2u);
	// Memory only: no clips folder was given.
	EXPECT_FALSE(exists(thumbnail_path_for(wide)));
}

TEST(ThumbnailCache, DecodesOnlyTheFirstFrame)
{
	TempDir dir;
	const std::string clip = dir.file("clip.mp4");
	make_split_clip(clip, 320, 180, ClipCodec::H264Mp4);
	LogCapture log;
	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 160);
	ASSERT_EQ(settle(cache, arrivals, clip), ThumbnailState::Ready);
	bool one_frame = false;
	for (const std::string &line : log.lines())
		one_frame = one_frame || line.rfind("decoder: 1 frames", 0) == 0;
	EXPECT_TRUE(one_frame) << "the decoder kept more than the first frame of three";
}

TEST(ThumbnailCache, GifAndWebmClipsToo)
{
	TempDir dir;
	const std::string gif = dir.file("clip.gif"), webm = dir.file("clip.webm");
	make_split_clip(gif, 64, 32, ClipCodec::TransparentGif);
	// The left half transparent: a thumbnail keeps the clip's alpha.
	make_split_clip(webm, 64, 32, ClipCodec::Vp9AlphaWebm, colour::transparent, colour::blue);
	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 48);

	std::shared_ptr<const Thumbnail> thumbnail;
	ASSERT_EQ(settle(cache, arrivals, gif, &thumbnail), ThumbnailState::Ready);
	EXPECT_EQ(thumbnail->width, 48);
	EXPECT_EQ(thumbnail->height, 24);
	expect_red_blue(*thumbnail);

	ASSERT_EQ(settle(cache, arrivals, webm, &thumbnail), ThumbnailState::Ready);
	EXPECT_EQ(thumbnail->width, 48);
	EXPECT_EQ(pixel_at(*thumbnail, 2, 12).a, 0) << to_string(pixel_at(*thumbnail, 2, 12));
	EXPECT_TRUE(near(pixel_at(*thumbnail, 40, 12), colour::blue));
}

TEST(ThumbnailCache, WritesAPngBesideAnOwnedClipAndTheNextCacheReadsItWithoutDecoding)
{
	TempDir dir;
	const std::string clip = dir.file(owned_name(1, "mp4"));
	make_split_clip(clip, 320, 180, ClipCodec::H264Mp4);
	{
		Arrivals arrivals;
		ThumbnailCache cache(arrivals.fn(), 160, dir.path());
		ASSERT_EQ(settle(cache, arrivals, clip), ThumbnailState::Ready);
		EXPECT_EQ(cache.stats().pngs_written, 1u);
	}
	const std::string png = thumbnail_path_for(clip);
	EXPECT_EQ(png, clip + ".adiff-thumb.png");
	ASSERT_TRUE(exists(png));
	std::shared_ptr<const Thumbnail> on_disk = read_thumbnail_png(png, 160, nullptr);
	ASSERT_TRUE(on_disk);
	expect_red_blue(*on_disk);
	EXPECT_EQ(folder_names(dir.path()).size(), 2u) << "a temporary file stayed behind";

	// The clip now has other colours but an older date: a thumbnail from it would be green and white.
	const auto png_time = fs::last_write_time(png);
	make_split_clip(clip, 320, 180, ClipCodec::H264Mp4, colour::green, colour::white);
	fs::last_write_time(clip, png_time - std::chrono::hours(1));

	Arrivals arrivals;
	ThumbnailCache next(arrivals.fn(), 160, dir.path());
	std::shared_ptr<const Thumbnail> thumbnail;
	ASSERT_EQ(settle(next, arrivals, clip, &thumbnail), ThumbnailState::Ready);
	EXPECT_EQ(next.stats().clips_decoded, 0u);
	EXPECT_EQ(next.stats().pngs_read, 1u);
	EXPECT_EQ(thumbnail->width, 160);
	expect_red_blue(*thumbnail);
}

TEST(ThumbnailCache, AClipNewerThanItsPngGetsANewThumbnail)
{
	TempDir dir;
	const std::string clip = dir.file(owned_name(2, "mp4"));
	make_split_clip(clip, 320, 180, ClipCodec::H264Mp4, colour::green, colour::white);
	{
		Arrivals arrivals;
		ThumbnailCache cache(arrivals.fn(), 160, dir.path());
		ASSERT_EQ(settle(cache, arrivals, clip), ThumbnailState::Ready);
	}
	// The same name made again (a regenerated clip): its first frame is red and blue now.
	make_split_clip(clip, 320, 180, ClipCodec::H264Mp4);
	fs::last_write_time(clip, fs::last_write_time(thumbnail_path_for(clip)) + std::chrono::hours(1));
	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 160, dir.path());
	std::shared_ptr<const Thumbnail> thumbnail;
	ASSERT_EQ(settle(cache, arrivals, clip, &thumbnail), ThumbnailState::Ready);
	expect_red_blue(*thumbnail);
	EXPECT_EQ(cache.stats().pngs_discarded, 1u);
	EXPECT_EQ(cache.stats().pngs_written, 1u);
}

// A PNG that is not sound (random bytes, cut short), of another size, or claiming a huge picture is
// dropped and made again from the clip.
TEST(ThumbnailCache, ADamagedOrWrongSizedPngIsMadeAgain)
{
	TempDir dir;
	const std::string clip = dir.file(owned_name(3, "mp4"));
	make_split_clip(clip, 320, 180, ClipCodec::H264Mp4);
	const std::string png = thumbnail_path_for(clip);
	{
		Arrivals arrivals;
		ThumbnailCache cache(arrivals.fn(), 160, dir.path());
		ASSERT_EQ(settle(cache, arrivals, clip), ThumbnailState::Ready);
	}
	const std::string good = read_file(png);
	Thumbnail huge;
	huge.width = 4000;
	huge.height = 2250;
	huge.rgba.assign(size_t(huge.width) * huge.height * 4, 200); // a few KB once compressed
	const std::string huge_png = dir.file("huge.png");
	ASSERT_TRUE(write_thumbnail_png(huge, huge_png, nullptr, nullptr));
	Thumbnail small;
	small.width = 80;
	small.height = 45;
	small.rgba.assign(size_t(small.width) * small.height * 4, 90);
	const std::string small_png = dir.file("small.png");
	ASSERT_TRUE(write_thumbnail_png(small, small_png, nullptr, nullptr));

	const std::vector<std::pair<std::string, std::string>> bad{
		{"random bytes", std::string(3000, '\x5a')},
		{"cut short", good.substr(0, good.size() / 2)},
		{"one byte changed", good.substr(0, good.size() / 2) + char(good[good.size() / 2] ^ 0x40) +
					     good.substr(good.size() / 2 + 1)},
		{"80x45", read_file(small_png)},
		{"4000x2250", read_file(huge_png)},
	};
	for (const auto &[what, bytes] : bad) {
		SCOPED_TRACE(what);
		write_file(png, bytes);
		Arrivals arrivals;
		ThumbnailCache cache(arrivals.fn(), 160, dir.path());
		std::shared_ptr<const Thumbnail> thumbnail;
		ASSERT_EQ(settle(cache, arrivals, clip, &thumbnail), ThumbnailState::Ready);
		EXPECT_EQ(cache.stats().pngs_discarded, 1u);
		EXPECT_EQ(cache.stats().clips_decoded, 1u);
		EXPECT_EQ(thumbnail->width, 160);
		expect_red_blue(*thumbnail);
		std::shared_ptr<const Thumbnail> remade = read_thumbnail_png(png, 160, nullptr);
		ASSERT_TRUE(remade) << "the PNG was not written again";
		EXPECT_EQ(remade->height, 90);
	}
}

TEST(ThumbnailCache, AMissingClipIsMissing)
{
	TempDir dir;
	const std::string clip = dir.file(owned_name(4, "mp4"));
	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 160, dir.path());
	std::shared_ptr<const Thumbnail> thumbnail;
	EXPECT_EQ(settle(cache, arrivals, clip, &thumbnail), ThumbnailState::Missing);
	EXPECT_FALSE(thumbnail);
	EXPECT_TRUE(folder_names(dir.path()).empty()) << "nothing is written for a clip that is not there";
	EXPECT_EQ(cache.lookup("", &thumbnail), ThumbnailState::Missing);        // a history entry with no path
	EXPECT_EQ(settle(cache, arrivals, dir.path()), ThumbnailState::Damaged); // a folder is no clip
}

TEST(ThumbnailCache, ACorruptClipIsDamaged)
{
	TempDir dir;
	const std::string source = dir.file("source.mp4");
	make_model_like_mp4(source);
	const std::vector<std::string> clips{dir.file(owned_name(5, "mp4")), dir.file(owned_name(6, "mp4")),
					     dir.file(owned_name(7, "gif")), dir.file(owned_name(8, "webm")),
					     dir.file(owned_name(9, "mp4"))};
	make_random_bytes_file(clips[0], 64 * 1024, 7);
	make_garbled_mp4(source, clips[1], 99);
	make_text_file(clips[2]);
	make_zero_byte_file(clips[3]);
	make_truncated_copy(source, clips[4], 0.3); // its index is at the end: gone
	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 160, dir.path());
	for (const std::string &clip : clips) {
		SCOPED_TRACE(clip);
		std::shared_ptr<const Thumbnail> thumbnail;
		EXPECT_EQ(settle(cache, arrivals, clip, &thumbnail), ThumbnailState::Damaged);
		EXPECT_FALSE(thumbnail);
		EXPECT_FALSE(exists(thumbnail_path_for(clip)));
	}
}

// Only the plugin's own clips get a file beside them: a clip elsewhere, a user's file in the clips
// folder, and any clip when the cache has no clips folder are thumbnailed in memory only.
TEST(ThumbnailCache, NothingIsWrittenBesideAUsersFile)
{
	TempDir clips_folder, users_folder;
	const std::string elsewhere = users_folder.file(owned_name(1, "mp4"));
	const std::string users_own = clips_folder.file("my holiday.mp4");
	const std::string link = clips_folder.file(owned_name(2, "mp4")); // named like ours, but a symlink
	make_split_clip(elsewhere, 320, 180, ClipCodec::H264Mp4);
	make_split_clip(users_own, 320, 180, ClipCodec::H264Mp4);
	fs::create_symlink(elsewhere, link);
	const auto users_before = folder_names(users_folder.path());
	const auto clips_before = folder_names(clips_folder.path());

	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 160, clips_folder.path());
	for (const std::string &clip : {elsewhere, users_own, link}) {
		SCOPED_TRACE(clip);
		std::shared_ptr<const Thumbnail> thumbnail;
		ASSERT_EQ(settle(cache, arrivals, clip, &thumbnail), ThumbnailState::Ready);
		expect_red_blue(*thumbnail);
	}
	EXPECT_EQ(cache.stats().pngs_written, 0u);
	EXPECT_EQ(folder_names(users_folder.path()), users_before);
	EXPECT_EQ(folder_names(clips_folder.path()), clips_before);
}

TEST(ThumbnailCache, ForgetDropsTheThumbnailFromMemory)
{
	TempDir dir;
	const std::string clip = dir.file(owned_name(1, "mp4"));
	make_split_clip(clip, 320, 180, ClipCodec::H264Mp4);
	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 160, dir.path());
	ASSERT_EQ(settle(cache, arrivals, clip), ThumbnailState::Ready);
	EXPECT_EQ(cache.size(), 1u);
	cache.forget(clip);
	EXPECT_EQ(cache.size(), 0u);
	fs::remove(clip);
	// Asked again after the clip was deleted: known to be gone, not shown from memory.
	std::shared_ptr<const Thumbnail> thumbnail;
	EXPECT_EQ(settle(cache, arrivals, clip, &thumbnail), ThumbnailState::Missing);
	EXPECT_FALSE(thumbnail);
}

TEST(ThumbnailCache, MemoryHoldsAtMostItsCapacity)
{
	TempDir dir;
	Arrivals arrivals;
	ThumbnailCache cache(arrivals.fn(), 160);
	const size_t asked = ThumbnailCache::kCapacity + 6;
	for (size_t i = 0; i < asked; i++)
		ASSERT_EQ(settle(cache, arrivals, dir.file("gone-" + std::to_string(i) + ".mp4")),
			  ThumbnailState::Missing);
	EXPECT_EQ(cache.size(), ThumbnailCache::kCapacity);
	// The least recently asked went first; the newest are still known.
	EXPECT_EQ(cache.lookup(dir.file("gone-" + std::to_string(asked - 1) + ".mp4"), nullptr),
		  ThumbnailState::Missing);
	EXPECT_EQ(cache.lookup(dir.file("gone-0.mp4"), nullptr), ThumbnailState::Pending);
	EXPECT_EQ(cache.size(), ThumbnailCache::kCapacity);
}

TEST(ThumbnailCache, ThumbnailPathIsBesideTheClip)
{
	EXPECT_EQ(thumbnail_path_for("/c/abc.mp4"), "/c/abc.mp4.adiff-thumb.png");
	EXPECT_EQ(fit_thumbnail(1920, 1080, 160).height, 90);
	EXPECT_EQ(fit_thumbnail(4096, 1, 160).height, 1); // never 0
	EXPECT_EQ(fit_thumbnail(0, 10, 160).width, 0);
}

} // namespace
} // namespace adiff::test
