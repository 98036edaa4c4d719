#include "bench/bench_common.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bench {

double seconds_since(Clock::time_point start)
{
	return std::chrono::duration<double>(Clock::now() - start).count();
}

int run(const std::vector<std::string> &args)
{
	const pid_t pid = fork();
	if (pid == 0) {
		std::vector<char *> argv;
		for (const std::string &arg : args)
			argv.push_back(const_cast<char *>(arg.c_str()));
		argv.push_back(nullptr);
		execvp(argv[0], argv.data());
		_exit(127);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void make_clip(const std::string &path, const std::string &lavfi)
{
	if (run({"ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", lavfi, "-c:v", "libx264", "-pix_fmt", "yuv420p",
		 "-preset", "veryfast", path}) != 0)
		throw std::runtime_error("ffmpeg could not make " + path);
}

std::string fmt(const char *format, double value)
{
	char buffer[64];
	snprintf(buffer, sizeof(buffer), format, value);
	return buffer;
}

Row ratio_row(const std::string &figure, double ours, double reference, const char *unit, double goal)
{
	const double ratio = reference > 0 ? ours / reference : 0;
	return {figure,
		fmt("%.3f ", ours) + unit,
		fmt("%.3f ", reference) + unit,
		fmt("%.2fx", ratio),
		fmt("<= %.2fx", goal),
		ratio <= goal};
}

std::string table(const std::vector<Row> &rows)
{
	std::ostringstream out;
	out << "| Figure | Ours | Reference | Ratio | Goal | Result |\n|---|---|---|---|---|---|\n";
	for (const Row &row : rows)
		out << "| " << row.figure << " | " << row.ours << " | " << row.reference << " | " << row.ratio << " | "
		    << row.goal << " | "
		    << (row.goal == "—" ? "info"
			: row.pass      ? "PASS"
					: "MISS")
		    << " |\n";
	return out.str();
}

std::string out_path_arg(int argc, char **argv)
{
	std::string out_path;
	for (int i = 1; i < argc; i++)
		if (std::string(argv[i]) == "--out" && i + 1 < argc)
			out_path = argv[++i];
	return out_path;
}

void print_table(const std::vector<Row> &rows, const std::string &out_path)
{
	const std::string markdown = table(rows);
	fputs(markdown.c_str(), stdout);
	if (!out_path.empty())
		std::ofstream(out_path) << markdown;
}

} // namespace bench
