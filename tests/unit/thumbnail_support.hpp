// What the thumbnail tests share: clips whose first frame differs from the rest, callbacks waited on with
// deadlines, and a gate that holds the cache's worker inside a decode (no sleeps anywhere).
#pragma once

#include "core/media/thumbnail_cache.hpp"
#include "core/util/log.hpp"
#include "support/media_fixtures.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace adiff::test {

// Clip names the plugin's ClipStore owns (a hex request hash and a known extension).
inline std::string owned_name(int n, const std::string &ext)
{
	return "0123456789abcdef0123456789abcd" + std::to_string(10 + n) + "." + ext;
}

// Frame 0: the left half `left`, the right half `right`; frames 1 and 2: solid green, solid white. A
// thumbnail of any frame but the first has neither red nor blue.
inline void make_split_clip(const std::string &path, int width, int height, ClipCodec codec, Rgba left = colour::red,
			    Rgba right = colour::blue)
{
	ClipSpec spec;
	spec.width = width;
	spec.height = height;
	spec.codec = codec;
	std::vector<RgbaImage> frames{solid_image(width, height, right), solid_image(width, height, colour::green),
				      solid_image(width, height, colour::white)};
	fill_rect(frames[0], width, 0, 0, width / 2, height, left);
	make_clip(path, frames, spec);
}

inline Rgba pixel_at(const Thumbnail &thumbnail, int x, int y)
{
	const uint8_t *p = &thumbnail.rgba.at((size_t(y) * size_t(thumbnail.width) + size_t(x)) * 4);
	return Rgba{p[0], p[1], p[2], p[3]};
}

inline testing::AssertionResult near(Rgba actual, Rgba expected, int tolerance = 16)
{
	const int diffs[] = {actual.r - expected.r, actual.g - expected.g, actual.b - expected.b,
			     actual.a - expected.a};
	for (int diff : diffs)
		if (diff > tolerance || diff < -tolerance)
			return testing::AssertionFailure()
			       << to_string(actual) << " is not near " << to_string(expected);
	return testing::AssertionSuccess();
}

// The cache's callbacks, in order; tests wait on them with a deadline.
class Arrivals {
public:
	ThumbnailCache::ReadyFn fn()
	{
		return [this](const std::string &path) {
			std::lock_guard<std::mutex> lock(mutex_);
			paths_.push_back(path);
			counts_[path]++;
			if (closed_)
				after_close_++;
			changed_.notify_all();
		};
	}
	int count(const std::string &path) const
	{
		std::lock_guard<std::mutex> lock(mutex_);
		auto found = counts_.find(path);
		return found == counts_.end() ? 0 : found->second;
	}
	size_t total() const
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return paths_.size();
	}
	std::vector<std::string> paths() const
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return paths_;
	}
	// True once `path` has arrived more than `seen` times.
	bool wait_past(const std::string &path, int seen, std::chrono::seconds limit = std::chrono::seconds(60))
	{
		std::unique_lock<std::mutex> lock(mutex_);
		return changed_.wait_for(lock, limit, [&] { return counts_[path] > seen; });
	}
	// After this, any callback is counted as late (the cache was destroyed).
	void close()
	{
		std::lock_guard<std::mutex> lock(mutex_);
		closed_ = true;
	}
	int late() const
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return after_close_;
	}

private:
	mutable std::mutex mutex_;
	std::condition_variable changed_;
	std::vector<std::string> paths_;
	std::map<std::string, int> counts_;
	bool closed_ = false;
	int after_close_ = 0;
};

// Looks a clip up until its state is final, waiting on the callback (never polling).
inline ThumbnailState settle(ThumbnailCache &cache, Arrivals &arrivals, const std::string &path,
			     std::shared_ptr<const Thumbnail> *out = nullptr)
{
	const int seen = arrivals.count(path);
	const ThumbnailState state = cache.lookup(path, out);
	if (state != ThumbnailState::Pending)
		return state;
	EXPECT_TRUE(arrivals.wait_past(path, seen)) << "no callback for " << path;
	return cache.lookup(path, out);
}

// Holds the worker inside a decode: the decoder logs "scaled down" right after decoding the first frame of a
// clip larger than the thumbnail's decode budget, on the worker thread; this log sink waits there until
// opened (or its deadline passes, so a failing test cannot hang). Declare it before the cache.
class DecodeGate {
public:
	explicit DecodeGate(bool hold) : hold_(hold)
	{
		set_log_sink([this](LogLevel, const std::string &, const std::string &line) {
			if (line.find("scaled down") == std::string::npos)
				return;
			std::unique_lock<std::mutex> lock(mutex_);
			entered_++;
			changed_.notify_all();
			if (hold_)
				changed_.wait_for(lock, std::chrono::seconds(30), [this] { return open_; });
		});
	}
	~DecodeGate()
	{
		open();
		set_log_sink(nullptr); // waits for a sink call in progress
	}
	DecodeGate(const DecodeGate &) = delete;
	DecodeGate &operator=(const DecodeGate &) = delete;

	bool wait_entered(std::chrono::seconds limit = std::chrono::seconds(60))
	{
		std::unique_lock<std::mutex> lock(mutex_);
		return changed_.wait_for(lock, limit, [this] { return entered_ > 0; });
	}
	void open()
	{
		std::lock_guard<std::mutex> lock(mutex_);
		open_ = true;
		changed_.notify_all();
	}

private:
	std::mutex mutex_;
	std::condition_variable changed_;
	const bool hold_;
	int entered_ = 0;
	bool open_ = false;
};

} // namespace adiff::test
