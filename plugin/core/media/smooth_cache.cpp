#include "core/media/smooth_cache.hpp"

#include "core/media/clip_encoder.hpp"
#include "core/media/decoder.hpp"
#include "core/util/project_info.hpp"

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/sha.h>
}

#include <cstdio>
#include <memory>
#include <vector>

namespace adiff {
namespace {

constexpr int64_t kUsPerSecond = 1000000;

std::string file_sha256(const std::string &path, const CancelFlag *cancel)
{
	std::unique_ptr<FILE, int (*)(FILE *)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
	std::unique_ptr<AVSHA, void (*)(void *)> sha(av_sha_alloc(), &av_free);
	if (!file || !sha)
		return {};
	av_sha_init(sha.get(), 256);
	std::vector<uint8_t> chunk(1 << 16);
	size_t got = 0;
	while ((got = std::fread(chunk.data(), 1, chunk.size(), file.get())) > 0) {
		if (cancel && cancel->canceled())
			return {};
		av_sha_update(sha.get(), chunk.data(), got);
	}
	if (std::ferror(file.get()))
		return {};
	uint8_t digest[32];
	av_sha_final(sha.get(), digest);
	static const char hex[] = "0123456789abcdef";
	std::string text;
	for (uint8_t byte : digest) {
		text += hex[byte >> 4];
		text += hex[byte & 15];
	}
	return text;
}

CachedSmooth cache_failure(CacheLoad load, std::string detail)
{
	CachedSmooth cached;
	cached.load = load;
	cached.detail = std::move(detail);
	return cached;
}

} // namespace

std::string smooth_cache_kind(int fps, bool wrap)
{
	return "smooth-" + std::to_string(fps) + (wrap ? "-loop" : "-pingpong");
}

std::string smooth_cache_key(const std::string &clip_path, int fps, bool wrap, const CancelFlag *cancel)
{
	const std::string sha = file_sha256(clip_path, cancel);
	if (sha.empty())
		return {};
	return std::string(kProjectName) + "/" + kProjectVersion + ";clip=sha256:" + sha +
	       ";mode=motion;fps=" + std::to_string(fps) + (wrap ? ";loop" : ";pingpong");
}

const char *cache_load_id(CacheLoad load)
{
	switch (load) {
	case CacheLoad::Loaded:
		return "loaded";
	case CacheLoad::Missing:
		return "missing";
	case CacheLoad::Stale:
		return "stale";
	case CacheLoad::Damaged:
		return "damaged";
	}
	return "unknown";
}

CachedSmooth load_smooth_cache(const std::string &cache_path, const std::string &key, const DecodedClip &plain, int fps,
			       bool wrap, const CancelFlag *cancel)
{
	if (std::FILE *file = std::fopen(cache_path.c_str(), "rb"))
		std::fclose(file);
	else
		return cache_failure(CacheLoad::Missing, "no file");
	const std::string tag = read_clip_tag(cache_path);
	if (tag.empty())
		return cache_failure(CacheLoad::Damaged, "no key tag");
	if (tag != key)
		return cache_failure(CacheLoad::Stale, "made for another clip, rate or version");
	DecodeOptions options;
	options.cancel = cancel;
	options.strict = true;
	options.memory_budget_bytes = UINT64_MAX; // never scaled down: a different size is a damaged cache
	DecodeResult decoded = decode_clip(cache_path, options);
	if (!decoded.ok())
		return cache_failure(decoded.error == DecodeError::Canceled ? CacheLoad::Missing : CacheLoad::Damaged,
				     decode_error_id(decoded.error) + std::string(": ") + decoded.detail);
	const uint64_t expected = smooth_frame_count(plain, fps, wrap);
	if (decoded.clip->frames.size() != expected || decoded.clip->width != plain.width ||
	    decoded.clip->height != plain.height)
		return cache_failure(CacheLoad::Damaged, std::to_string(decoded.clip->frames.size()) + " frames of " +
								 std::to_string(expected) + " expected");
	// The clock interpolate_clip gives: frame k at k/fps (minterpolate's rounding), the last to the end.
	// decode_clip made the clip for this caller alone: its durations are set here, not copied.
	std::shared_ptr<DecodedClip> clip = std::const_pointer_cast<DecodedClip>(std::move(decoded.clip));
	clip->source_width = plain.source_width;
	clip->source_height = plain.source_height;
	clip->downscaled = plain.downscaled;
	clip->durations_us.clear();
	clip->duration_us = 0;
	for (size_t k = 0; k < clip->frames.size(); ++k) {
		const int64_t at = (int64_t(k) * kUsPerSecond + fps / 2) / fps;
		const int64_t next = k + 1 < clip->frames.size() ? (int64_t(k + 1) * kUsPerSecond + fps / 2) / fps
								 : plain.duration_us;
		clip->durations_us.push_back(std::max<int64_t>(1, next - at));
		clip->duration_us += clip->durations_us.back();
	}
	CachedSmooth cached;
	cached.load = CacheLoad::Loaded;
	cached.result.clip = std::move(clip);
	cached.result.fps = fps;
	return cached;
}

std::string write_smooth_cache(const std::string &temp_path, const std::string &key, const SmoothResult &smoothed,
			       const CancelFlag *cancel)
{
	if (!smoothed.ok())
		return "nothing to keep";
	return encode_clip(*smoothed.clip, smoothed.fps, key, temp_path, cancel);
}

} // namespace adiff
