// ClipStore: where finished clips live. Names come from the request hash and a sniffed type only.
#include "core/clips/clip_store.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace adiff {
namespace {

const char *const kKnownExtensions[] = {"mp4", "gif", "webm", "mov"};

bool known_extension(const std::string &ext)
{
	for (const char *known : kKnownExtensions)
		if (ext == known)
			return true;
	return false;
}

// Request hashes are SHA-256 hex; accept any plausible hex length so a future hash still matches.
bool is_hex_hash(const std::string &text)
{
	return text.size() >= 16 && text.size() <= 128 && std::all_of(text.begin(), text.end(), [](char c) {
		       return std::isxdigit(static_cast<unsigned char>(c));
	       });
}

bool is_digits(const std::string &text)
{
	return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "<hash>.<ext>" as path_for writes it.
bool is_clip_name(const std::string &name)
{
	const size_t dot = name.find('.');
	if (dot == std::string::npos)
		return false;
	const std::string ext = name.substr(dot + 1);
	return is_hex_hash(name.substr(0, dot)) && (known_extension(ext) || ext == "bin");
}

// ".<hash>.part-<pid>-<time>-<counter>" as temp_path_for writes it.
bool is_temp_name(const std::string &name)
{
	const std::string marker = ".part-";
	const size_t part = name.find(marker);
	if (name.empty() || name[0] != '.' || part == std::string::npos || !is_hex_hash(name.substr(1, part - 1)))
		return false;
	std::string rest = name.substr(part + marker.size());
	for (int field = 0; field < 3; field++) {
		const size_t dash = rest.find('-');
		const std::string number = field < 2 ? rest.substr(0, dash) : rest;
		if (!is_digits(number) || (field < 2 && dash == std::string::npos))
			return false;
		if (field < 2)
			rest = rest.substr(dash + 1);
	}
	return true;
}

std::string real_path(const std::string &path)
{
	char resolved[PATH_MAX];
	return ::realpath(path.c_str(), resolved) ? std::string(resolved) : std::string();
}

} // namespace

ClipStore::ClipStore(std::string dir) : dir_(std::move(dir)) {}

bool ClipStore::ensure_dir(std::string *error) const
{
	std::error_code ec;
	std::filesystem::create_directories(dir_, ec);
	if (ec || !std::filesystem::is_directory(dir_)) {
		if (error)
			*error = "cannot create " + dir_ + ": " + (ec ? ec.message() : "not a directory");
		return false;
	}
	// Clips may show what a user typed: keep the folder private.
	if (::chmod(dir_.c_str(), 0700) != 0) {
		if (error)
			*error = "cannot set permissions on " + dir_ + ": " + std::strerror(errno);
		return false;
	}
	return true;
}

std::string ClipStore::path_for(const std::string &hash, const std::string &ext) const
{
	return dir_ + "/" + hash + "." + (known_extension(ext) ? ext : std::string("bin"));
}

std::optional<std::string> ClipStore::find(const std::string &hash) const
{
	if (hash.empty())
		return std::nullopt;
	for (const char *ext : kKnownExtensions) {
		std::string path = path_for(hash, ext);
		std::error_code ec;
		if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) > 0 && !ec)
			return path;
	}
	return std::nullopt;
}

std::string ClipStore::temp_path_for(const std::string &hash) const
{
	// pid + time + a process-wide counter: unique across threads and across OBS instances.
	static std::atomic<uint64_t> counter{0};
	auto now = std::chrono::steady_clock::now().time_since_epoch().count();
	return dir_ + "/." + hash + ".part-" + std::to_string(::getpid()) + "-" + std::to_string(now) + "-" +
	       std::to_string(counter.fetch_add(1));
}

bool ClipStore::commit(const std::string &temp_path, const std::string &final_path, std::string *error) const
{
	if (std::rename(temp_path.c_str(), final_path.c_str()) == 0)
		return true;
	if (error)
		*error = "cannot rename " + temp_path + " to " + final_path + ": " + std::strerror(errno);
	std::remove(temp_path.c_str());
	return false;
}

bool ClipStore::owns(const std::string &path) const
{
	if (path.empty() || path.size() >= PATH_MAX)
		return false;
	struct stat info;
	// lstat: a symlink named like a clip may point anywhere (a user's document); never follow it.
	if (::lstat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
		return false;
	const std::filesystem::path file(path);
	const std::string name = file.filename().string();
	if (!is_clip_name(name) && !is_temp_name(name))
		return false;
	// The file's own folder, resolved, must be the clips folder itself (not a sub-folder, not a
	// look-alike reached through ".." or a symlinked folder elsewhere).
	const std::string folder = real_path(file.has_parent_path() ? file.parent_path().string() : ".");
	const std::string clips = real_path(dir_);
	return !folder.empty() && folder == clips;
}

bool ClipStore::remove_owned(const std::string &path) const
{
	return owns(path) && std::remove(path.c_str()) == 0;
}

std::vector<std::string> ClipStore::trim_folder(uint64_t max_bytes, const InUseFn &in_use) const
{
	struct Entry {
		std::string path;
		uint64_t bytes;
		int64_t mtime_ns;
	};
	std::vector<Entry> clips;
	uint64_t total = 0;
	std::error_code ec;
	for (std::filesystem::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
		const std::string path = dir_ + "/" + it->path().filename().string(); // as path_for spells it
		struct stat info;
		if (!owns(path) || ::lstat(path.c_str(), &info) != 0)
			continue;
		total += uint64_t(info.st_size);
		if (is_clip_name(it->path().filename().string()))
			clips.push_back({path, uint64_t(info.st_size),
					 int64_t(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec});
	}
	std::vector<std::string> deleted;
	if (total <= max_bytes)
		return deleted;
	std::sort(clips.begin(), clips.end(), [](const Entry &a, const Entry &b) { return a.mtime_ns < b.mtime_ns; });
	for (const Entry &clip : clips) {
		if (total <= max_bytes)
			break;
		if (in_use(clip.path) || !remove_owned(clip.path))
			continue;
		total -= clip.bytes;
		deleted.push_back(clip.path);
	}
	return deleted;
}

} // namespace adiff
