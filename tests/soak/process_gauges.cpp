#include "process_gauges.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace adiff::soak {
namespace {

int count_entries(const char *dir)
{
	int n = 0;
	for ([[maybe_unused]] const auto &entry : std::filesystem::directory_iterator(dir))
		++n;
	return n;
}

uint64_t vm_rss_kib()
{
	std::ifstream status("/proc/self/status");
	std::string line;
	while (std::getline(status, line))
		if (line.rfind("VmRSS:", 0) == 0)
			return std::stoull(line.substr(6));
	return 0;
}

} // namespace

Gauges read_gauges(const std::string &folder)
{
	Gauges g;
	g.rss_kib = vm_rss_kib();
	g.threads = count_entries("/proc/self/task");
	g.open_fds = count_entries("/proc/self/fd") - 1; // minus the iterator's own descriptor
	std::error_code ec;
	for (const auto &entry : std::filesystem::directory_iterator(folder, ec)) {
		if (!entry.is_regular_file())
			continue;
		++g.folder_files;
		g.folder_bytes += entry.file_size();
		if (entry.path().filename().string().find(".part-") != std::string::npos)
			++g.partial_files;
	}
	return g;
}

std::string describe(const Gauges &g)
{
	std::ostringstream out;
	out << "RSS " << g.rss_kib / 1024.0 << " MiB, " << g.threads << " threads, " << g.open_fds << " fds, clips "
	    << g.folder_files << " files / " << g.folder_bytes / 1024 << " KiB (" << g.partial_files << " partial)";
	return out.str();
}

} // namespace adiff::soak
