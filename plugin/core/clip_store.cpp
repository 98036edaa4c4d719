// ClipStore: where finished clips live. Names come from the request hash and a sniffed type only.
#include "clip_store.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
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

} // namespace adiff
