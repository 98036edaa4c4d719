#include "core/generation/log_progress.hpp"

#include <regex>
#include <vector>

namespace adiff {
namespace {

struct Bar {
	int k = 0, n = 0;
};

// The official Python client's pattern for a tqdm refresh line.
const std::regex &bar_pattern()
{
	static const std::regex pattern(R"(^\s*(\d+)%\s*\|.+?\|\s*(\d+)/(\d+))");
	return pattern;
}

const std::regex &seed_pattern()
{
	static const std::regex pattern(R"(Using seed:\s*(\d+))");
	return pattern;
}

} // namespace

LogProgress scan_logs(const std::string &logs, int64_t steps_sent)
{
	LogProgress progress;
	// Each bar refresh is its own line (tqdm's \r refreshes may also appear inside one line).
	// Bars are told apart in order: a refresh whose count drops or whose total changes starts a new
	// bar. Counting bars (rather than trusting totals) keeps steps == 16 unambiguous.
	std::vector<Bar> bars; // latest refresh of each bar, in order
	size_t pos = 0;
	while (pos <= logs.size()) {
		size_t end = logs.find_first_of("\r\n", pos);
		if (end == std::string::npos)
			end = logs.size();
		if (end > pos) {
			const std::string line = logs.substr(pos, end - pos);
			std::smatch match;
			if (line.find('|') != std::string::npos && std::regex_search(line, match, bar_pattern())) {
				if (match[2].length() <= 6 && match[3].length() <= 6) {
					Bar bar{std::stoi(match[2].str()), std::stoi(match[3].str())};
					if (bars.empty() || bar.n != bars.back().n || bar.k < bars.back().k)
						bars.push_back(bar);
					else
						bars.back() = bar;
				}
			} else if (progress.logged_seed < 0 && line.find("Using seed") != std::string::npos &&
				   std::regex_search(line, match, seed_pattern()) && match[1].length() <= 18) {
				progress.logged_seed = std::stoll(match[1].str());
			}
		}
		pos = end + 1;
	}
	if (bars.empty())
		return progress;

	// The denoising bar: the first whose total equals the steps sent, else simply the first bar.
	size_t denoise = 0;
	for (size_t i = 0; i < bars.size(); ++i) {
		if (bars[i].n == steps_sent) {
			denoise = i;
			break;
		}
	}
	progress.step = bars[denoise].k;
	progress.steps = bars[denoise].n;
	if (denoise + 1 < bars.size()) {
		// A later bar exists: denoising is over and the frames are being decoded.
		progress.step = progress.steps;
		progress.frame = bars.back().k;
		progress.frames = bars.back().n;
	}
	return progress;
}

} // namespace adiff
