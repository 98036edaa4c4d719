#include "core/generation/media_sniff.hpp"

#include <cstdio>
#include <cstring>

namespace adiff {

std::string sniff_video_extension(const uint8_t *data, size_t size)
{
	if (size >= 6 && (std::memcmp(data, "GIF87a", 6) == 0 || std::memcmp(data, "GIF89a", 6) == 0))
		return "gif";
	if (size >= 4 && data[0] == 0x1A && data[1] == 0x45 && data[2] == 0xDF && data[3] == 0xA3)
		return "webm"; // EBML: WebM or Matroska, both played by the decoder
	if (size >= 12 && std::memcmp(data + 4, "ftyp", 4) == 0)
		return std::memcmp(data + 8, "qt  ", 4) == 0 ? "mov" : "mp4";
	// Old QuickTime files start with other top-level atoms.
	if (size >= 8) {
		for (const char *atom : {"moov", "mdat", "wide", "free", "skip"})
			if (std::memcmp(data + 4, atom, 4) == 0)
				return "mov";
	}
	return {};
}

std::string sniff_video_file(const std::string &path)
{
	uint8_t head[16] = {0};
	FILE *file = std::fopen(path.c_str(), "rb");
	if (!file)
		return {};
	size_t n = std::fread(head, 1, sizeof(head), file);
	std::fclose(file);
	return sniff_video_extension(head, n);
}

} // namespace adiff
