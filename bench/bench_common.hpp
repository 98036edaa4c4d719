// What both benchmark programs share (no libobs): child processes, timing, and the markdown table they
// print and write (`--out table.md`).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start);
int run(const std::vector<std::string> &args); // the exit code of the command (-1 when it did not exit)
void make_clip(const std::string &path, const std::string &lavfi);

// One line of the table. A goal of "—" marks an information row (Result "info").
struct Row {
	std::string figure, ours, reference, ratio, goal;
	bool pass;
};
std::string fmt(const char *format, double value);
Row ratio_row(const std::string &figure, double ours, double reference, const char *unit, double goal);
std::string table(const std::vector<Row> &rows);

// The value of `--out` on the command line, or "".
std::string out_path_arg(int argc, char **argv);
// Prints the table, and writes it to `out_path` too when one was given.
void print_table(const std::vector<Row> &rows, const std::string &out_path);

} // namespace bench
