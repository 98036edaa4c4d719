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

bool is_companion_token(const std::string &text)
{
	return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
	});
}

constexpr const char *kCompanionMarker = ".adiff-";

// "<clip name>.adiff-<kind>.<ext>": the clip's file name; "" for any other name.
std::string companion_owner(const std::string &name)
{
	const size_t at = name.find(kCompanionMarker);
	if (at == std::string::npos || !is_clip_name(name.substr(0, at)))
		return {};
	const std::string rest = name.substr(at + std::strlen(kCompanionMarker));
	const size_t dot = rest.find('.');
	if (dot == std::string::npos || !is_companion_token(rest.substr(0, dot)) ||
	    !is_companion_token(rest.substr(dot + 1)))
		return {};
	return name.substr(0, at);
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
	if (!is_clip_name(name) && !is_temp_name(name) && companion_owner(name).empty())
		return false;
	// The file's own folder, resolved, must be the clips folder itself (not a sub-folder, not a
	// look-alike reached through ".." or a symlinked folder elsewhere).
	const std::string folder = real_path(file.has_parent_path() ? file.parent_path().string() : ".");
	const std::string clips = real_path(dir_);
	return !folder.empty() && folder == clips;
}

bool ClipStore::remove_owned(const std::string &path) const
{
	if (!owns(path) || std::remove(path.c_str()) != 0)
		return false;
	if (is_clip_name(std::filesystem::path(path).filename().string()))
		for (const std::string &companion : companions_of(path))
			std::remove(companion.c_str()); // owned: named after a clip of this folder, checked there
	return true;
}

std::string ClipStore::companion_path(const std::string &clip_path, const std::string &kind,
				      const std::string &ext) const
{
	const std::string name = std::filesystem::path(clip_path).filename().string();
	if (!is_clip_name(name) || !is_companion_token(kind) || !is_companion_token(ext) || !owns(clip_path))
		return {};
	return dir_ + "/" + name + kCompanionMarker + kind + "." + ext;
}

std::vector<std::string> ClipStore::companions_of(const std::string &clip_path) const
{
	std::vector<std::string> found;
	const std::string clip = std::filesystem::path(clip_path).filename().string();
	if (!is_clip_name(clip))
		return found;
	std::error_code ec;
	for (std::filesystem::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
		const std::string name = it->path().filename().string();
		const std::string path = dir_ + "/" + name;
		if (companion_owner(name) == clip && owns(path))
			found.push_back(path);
	}
	return found;
}

std::vector<std::string> ClipStore::trim_folder(uint64_t max_bytes, const InUseFn &in_use) const
{
	struct Entry {
		std::string path;
		uint64_t bytes; // with its companions
		int64_t mtime_ns;
	};
	std::vector<Entry> clips;
	std::vector<std::pair<std::string, uint64_t>> companions; // (owner's name, bytes), then orphans removed
	std::vector<std::string> deleted;
	uint64_t total = 0;
	std::error_code ec;
	for (std::filesystem::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
		const std::string name = it->path().filename().string();
		const std::string path = dir_ + "/" + name; // as path_for spells it
		struct stat info;
		if (!owns(path) || ::lstat(path.c_str(), &info) != 0)
			continue;
		const std::string owner = companion_owner(name);
		if (!owner.empty() && !std::filesystem::exists(dir_ + "/" + owner)) {
			if (std::remove(path.c_str()) == 0) // an orphan: its clip is gone
				deleted.push_back(path);
			continue;
		}
		total += uint64_t(info.st_size);
		if (!owner.empty())
			companions.emplace_back(owner, uint64_t(info.st_size));
		else if (is_clip_name(name))
			clips.push_back({path, uint64_t(info.st_size),
					 int64_t(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec});
	}
	for (Entry &clip : clips)
		for (const auto &[owner, bytes] : companions)
			if (owner == std::filesystem::path(clip.path).filename().string())
				clip.bytes += bytes;
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
