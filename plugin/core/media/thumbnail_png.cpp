#include "core/media/thumbnail_png.hpp"

#include "core/media/decode_av_handles.hpp"
#include "core/media/decode_rgba_converter.hpp"
#include "core/media/decode_stream_info.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <sys/stat.h>
#include <unistd.h>

namespace adiff {
namespace {

// A thumbnail PNG is at most its raw pixels plus zlib's and PNG's overhead; anything bigger is not ours.
uint64_t max_png_bytes(int max_side)
{
	return uint64_t(max_side) * uint64_t(max_side) * 4 * 2 + 64 * 1024;
}

// The whole file, or false when it is not a regular file (lstat: a symlink is never followed) or too big.
bool read_bounded(const std::string &path, uint64_t limit, std::vector<uint8_t> *bytes, std::string *why)
{
	const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		*why = std::strerror(errno);
		return false;
	}
	struct stat info;
	bool ok = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && uint64_t(info.st_size) <= limit;
	if (!ok)
		*why = "not a regular file of at most " + std::to_string(limit) + " bytes";
	if (ok) {
		bytes->resize(size_t(info.st_size));
		size_t done = 0;
		while (ok && done < bytes->size()) {
			const ssize_t got = ::read(fd, bytes->data() + done, bytes->size() - done);
			if (got < 0 && errno == EINTR)
				continue;
			ok = got > 0;
			done += ok ? size_t(got) : 0;
		}
		if (!ok)
			*why = "read failed";
	}
	::close(fd);
	return ok;
}

// One picture out of one PNG file's bytes (the whole file is one packet for libavcodec's PNG decoder).
av::FramePtr decode_png(const std::vector<uint8_t> &bytes, int max_side, std::string *why)
{
	const AVCodec *codec = avcodec_find_decoder(AV_CODEC_ID_PNG);
	av::CodecContextPtr ctx(codec ? avcodec_alloc_context3(codec) : nullptr);
	av::PacketPtr packet(av_packet_alloc());
	av::FramePtr frame(av_frame_alloc());
	if (!ctx || !packet || !frame || av_new_packet(packet.get(), int(bytes.size())) < 0) {
		*why = "no PNG decoder";
		return nullptr;
	}
	std::copy(bytes.begin(), bytes.end(), packet->data);
	ctx->thread_count = 1;
	ctx->max_pixels = int64_t(max_side) * max_side; // refused before allocating, whatever the header says
	ctx->err_recognition = AV_EF_CRCCHECK | AV_EF_BITSTREAM | AV_EF_EXPLODE;
	int ret = avcodec_open2(ctx.get(), codec, nullptr);
	if (ret >= 0)
		ret = avcodec_send_packet(ctx.get(), packet.get());
	if (ret >= 0) {
		ret = avcodec_receive_frame(ctx.get(), frame.get());
		if (ret == AVERROR(EAGAIN) && avcodec_send_packet(ctx.get(), nullptr) >= 0)
			ret = avcodec_receive_frame(ctx.get(), frame.get());
	}
	if (ret < 0) {
		*why = av_error_text(ret);
		return nullptr;
	}
	if (frame->decode_error_flags || (frame->flags & AV_FRAME_FLAG_CORRUPT)) {
		*why = "damaged picture data";
		return nullptr;
	}
	return frame;
}

// Every byte libavcodec's PNG encoder makes of one RGBA picture.
bool encode_png(const Thumbnail &thumbnail, std::vector<uint8_t> *out, std::string *why)
{
	const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
	av::CodecContextPtr ctx(codec ? avcodec_alloc_context3(codec) : nullptr);
	av::PacketPtr packet(av_packet_alloc());
	av::FramePtr frame(av_frame_alloc());
	if (!ctx || !packet || !frame) {
		*why = "no PNG encoder";
		return false;
	}
	ctx->width = thumbnail.width;
	ctx->height = thumbnail.height;
	ctx->pix_fmt = AV_PIX_FMT_RGBA;
	ctx->time_base = AVRational{1, 1};
	ctx->thread_count = 1;
	frame->format = AV_PIX_FMT_RGBA;
	frame->width = thumbnail.width;
	frame->height = thumbnail.height;
	// Not reference-counted: the encoder copies what it needs before send_frame returns.
	frame->data[0] = const_cast<uint8_t *>(thumbnail.rgba.data());
	frame->linesize[0] = thumbnail.width * 4;
	int ret = avcodec_open2(ctx.get(), codec, nullptr);
	if (ret >= 0)
		ret = avcodec_send_frame(ctx.get(), frame.get());
	if (ret >= 0)
		ret = avcodec_send_frame(ctx.get(), nullptr);
	while (ret >= 0) {
		ret = avcodec_receive_packet(ctx.get(), packet.get());
		if (ret >= 0)
			out->insert(out->end(), packet->data, packet->data + packet->size);
		av_packet_unref(packet.get());
	}
	if (ret != AVERROR_EOF || out->empty()) {
		*why = av_error_text(ret);
		return false;
	}
	return true;
}

bool write_all(int fd, const std::vector<uint8_t> &bytes)
{
	size_t done = 0;
	while (done < bytes.size()) {
		const ssize_t put = ::write(fd, bytes.data() + done, bytes.size() - done);
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return false;
		done += size_t(put);
	}
	return true;
}

} // namespace

ThumbnailSize fit_thumbnail(int width, int height, int max_side)
{
	if (width <= 0 || height <= 0 || max_side <= 0)
		return {};
	if (width >= height)
		return {max_side, std::max(1, int(std::lround(double(height) * max_side / width)))};
	return {std::max(1, int(std::lround(double(width) * max_side / height))), max_side};
}

std::shared_ptr<Thumbnail> scale_to_thumbnail(const uint8_t *rgba, int width, int height, int max_side,
					      const CancelFlag *cancel)
{
	const ThumbnailSize size = fit_thumbnail(width, height, max_side);
	av::FramePtr frame(av_frame_alloc());
	if (size.width == 0 || !frame)
		return nullptr;
	frame->format = AV_PIX_FMT_RGBA;
	frame->width = width;
	frame->height = height;
	frame->data[0] = const_cast<uint8_t *>(rgba); // only read
	frame->linesize[0] = width * 4;
	auto thumbnail = std::make_shared<Thumbnail>();
	thumbnail->width = size.width;
	thumbnail->height = size.height;
	thumbnail->rgba.resize(size_t(size.width) * size_t(size.height) * 4);
	RgbaConverter converter;
	if (!converter.convert(*frame, FrameSize{size.width, size.height}, thumbnail->rgba.data(), cancel))
		return nullptr;
	return thumbnail;
}

std::shared_ptr<Thumbnail> read_thumbnail_png(const std::string &path, int max_side, std::string *why)
{
	std::string ignored;
	why = why ? why : &ignored;
	std::vector<uint8_t> bytes;
	if (max_side <= 0 || !read_bounded(path, max_png_bytes(max_side), &bytes, why))
		return nullptr;
	av::FramePtr frame = decode_png(bytes, max_side, why);
	if (!frame)
		return nullptr;
	if (std::max(frame->width, frame->height) != max_side || std::min(frame->width, frame->height) < 1) {
		*why = std::to_string(frame->width) + "x" + std::to_string(frame->height) + " does not fit " +
		       std::to_string(max_side);
		return nullptr;
	}
	auto thumbnail = std::make_shared<Thumbnail>();
	thumbnail->width = frame->width;
	thumbnail->height = frame->height;
	thumbnail->rgba.resize(size_t(frame->width) * size_t(frame->height) * 4);
	RgbaConverter converter; // PNG's gray, palette, RGB or 16-bit pictures all come out as RGBA8
	if (!converter.convert(*frame, FrameSize{frame->width, frame->height}, thumbnail->rgba.data())) {
		*why = "cannot convert its pixel format";
		return nullptr;
	}
	return thumbnail;
}

bool write_thumbnail_png(const Thumbnail &thumbnail, const std::string &path, const std::function<bool()> &keep_going,
			 std::string *why)
{
	std::string ignored;
	why = why ? why : &ignored;
	if (thumbnail.width <= 0 || thumbnail.height <= 0 ||
	    thumbnail.rgba.size() != size_t(thumbnail.width) * size_t(thumbnail.height) * 4) {
		*why = "not a picture";
		return false;
	}
	std::vector<uint8_t> bytes;
	if (!encode_png(thumbnail, &bytes, why))
		return false;
	// pid + a process-wide counter: two caches (or two OBS instances) never share a temporary file.
	static std::atomic<uint64_t> counter{0};
	const std::string temp =
		path + ".part-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
	const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		*why = "cannot create " + temp + ": " + std::strerror(errno);
		return false;
	}
	const bool written = write_all(fd, bytes);
	const bool closed = ::close(fd) == 0;
	if (!written || !closed) {
		*why = "cannot write " + temp;
		::unlink(temp.c_str());
		return false;
	}
	if (keep_going && !keep_going()) {
		*why = "canceled";
		::unlink(temp.c_str());
		return false;
	}
	if (std::rename(temp.c_str(), path.c_str()) != 0) {
		*why = "cannot rename " + temp + " to " + path + ": " + std::strerror(errno);
		::unlink(temp.c_str());
		return false;
	}
	return true;
}

} // namespace adiff
