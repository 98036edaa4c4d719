#include "core/media/decode_frame_timing.hpp"

extern "C" {
#include <libavutil/avutil.h>
#include <libavutil/mathematics.h>
}

namespace adiff {

static_assert(kNoTimestamp == AV_NOPTS_VALUE, "kNoTimestamp must match libav's");

FrameTiming::FrameTiming(int time_base_num, int time_base_den, int frame_period_num, int frame_period_den)
	: tb_num_(time_base_num),
	  tb_den_(time_base_den),
	  period_num_(frame_period_num),
	  period_den_(frame_period_den)
{
}

void FrameTiming::add(int64_t pts, int64_t duration_hint)
{
	pts_.push_back(pts);
	hints_.push_back(duration_hint);
}

void FrameTiming::drop_last()
{
	if (pts_.empty())
		return;
	pts_after_last_ = pts_.back();
	pts_.pop_back();
	hints_.pop_back();
}

int64_t FrameTiming::to_us(int64_t ticks) const
{
	if (tb_num_ <= 0 || tb_den_ <= 0)
		return 0;
	return av_rescale_q(ticks, AVRational{int(tb_num_), int(tb_den_)}, AVRational{1, 1000000});
}

int64_t FrameTiming::fallback_us() const
{
	if (period_num_ > 0 && period_den_ > 0) {
		const int64_t us = av_rescale(period_num_, 1000000, period_den_);
		if (us > 0)
			return us;
	}
	return kDefaultFrameDurationUs;
}

std::vector<int64_t> FrameTiming::durations_us() const
{
	const size_t n = pts_.size();
	std::vector<int64_t> out(n, 0);
	int64_t base = 0; // positions are rescaled relative to the first known timestamp
	for (int64_t pts : pts_) {
		if (pts != kNoTimestamp) {
			base = pts;
			break;
		}
	}
	for (size_t i = 0; i < n; ++i) {
		const int64_t next = i + 1 < n ? pts_[i + 1] : pts_after_last_;
		int64_t us = 0;
		if (pts_[i] != kNoTimestamp && next != kNoTimestamp && next > pts_[i]) {
			// Difference of rescaled positions, so rounding never accumulates over a long clip.
			us = to_us(next - base) - to_us(pts_[i] - base);
		}
		if (us <= 0 && hints_[i] > 0)
			us = to_us(hints_[i]);
		if (us <= 0)
			us = fallback_us();
		out[i] = us;
	}
	return out;
}

} // namespace adiff
