// What a long-running process must keep flat: resident memory, threads, open files, and a folder's size.
// Read from /proc/self (Linux), so the soak measures itself exactly as `ps` or `ls /proc/PID/fd` would.
#pragma once

#include <cstdint>
#include <string>

namespace adiff::soak {

struct Gauges {
	uint64_t rss_kib = 0;
	int threads = 0;
	int open_fds = 0;
	uint64_t folder_bytes = 0;
	int folder_files = 0;
	int partial_files = 0; // ".part-" temp files left behind in the folder
};

Gauges read_gauges(const std::string &folder);
std::string describe(const Gauges &gauges);

} // namespace adiff::soak
