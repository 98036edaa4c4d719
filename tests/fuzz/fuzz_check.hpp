// Shared bits of the fuzz targets: a contract check that crashes loudly (so libFuzzer records the input
// even in builds without assertions), and a cursor that cuts one input into the pieces a target needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#define FUZZ_CHECK(condition)                                                                                 \
	do {                                                                                                  \
		if (!(condition)) {                                                                           \
			std::fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__, __LINE__, #condition); \
			std::abort();                                                                         \
		}                                                                                             \
	} while (0)

namespace adiff::fuzz {

// Reads a fuzz input front to back: a few bytes of parameters, then text pieces, then the rest.
class FuzzInput {
public:
	FuzzInput(const uint8_t *data, size_t size) : data_(data), size_(size) {}

	uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
	// The text up to the next '\n' (not included), or to the end.
	std::string line()
	{
		std::string out;
		while (pos_ < size_ && data_[pos_] != '\n')
			out += char(data_[pos_++]);
		if (pos_ < size_)
			++pos_;
		return out;
	}
	std::string rest()
	{
		std::string out(reinterpret_cast<const char *>(data_) + pos_, size_ - pos_);
		pos_ = size_;
		return out;
	}

private:
	const uint8_t *data_;
	size_t size_;
	size_t pos_ = 0;
};

} // namespace adiff::fuzz
