#include "core/config/token_store.hpp"
#include "core/util/text_util.hpp"

#include "core/util/log.hpp"

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace adiff {

namespace {

// A token file is a few hundred bytes; anything much larger is not ours and is not read.
constexpr off_t kMaxTokenFileBytes = 1 << 20;

// Read-modify-write of the file is serialised inside the process, so two sources saving tokens at
// the same moment both keep theirs (the rename alone would only keep the file valid, not complete).
std::mutex &file_mutex()
{
	static std::mutex mutex;
	return mutex;
}

std::string errno_text(const char *what, const std::string &path)
{
	return std::string(what) + " " + path + ": " + strerror(errno);
}

std::string parent_dir(const std::string &path)
{
	const size_t slash = path.find_last_of('/');
	if (slash == std::string::npos)
		return ".";
	if (slash == 0)
		return "/";
	return path.substr(0, slash);
}

// mkdir -p where every folder we create is 0700; folders that already exist are left as they are.
bool make_private_dirs(const std::string &dir, std::string *error)
{
	struct stat st;
	if (stat(dir.c_str(), &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return true;
		errno = ENOTDIR;
		*error = errno_text("not a folder:", dir);
		return false;
	}
	const std::string parent = parent_dir(dir);
	if (parent != dir && !make_private_dirs(parent, error))
		return false;
	if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
		*error = errno_text("cannot create folder", dir);
		return false;
	}
	chmod(dir.c_str(), 0700); // exact mode whatever the umask
	return true;
}

// The parsed file: always an object with a "tokens" object. A missing, unreadable or corrupt file
// reads as empty (the next put rewrites it cleanly).
nlohmann::json read_file_json(const std::string &path)
{
	nlohmann::json empty = {{"tokens", nlohmann::json::object()}};

	const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return empty;

	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > kMaxTokenFileBytes) {
		close(fd);
		log_line(LogLevel::Warning, "token file %s is not a small regular file; ignored", path.c_str());
		return empty;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		// Someone (a backup tool, a copy) widened the mode: the token is still the user's, so it
		// is read, but nobody else should keep being able to.
		const unsigned old_mode = unsigned(st.st_mode & 07777);
		if (fchmod(fd, 0600) == 0)
			log_line(LogLevel::Warning, "token file %s had mode %04o; changed to 0600", path.c_str(),
				 old_mode);
		else
			log_line(LogLevel::Warning, "token file %s has mode %04o and cannot be changed: %s",
				 path.c_str(), old_mode, strerror(errno));
	}

	std::string text;
	char buffer[4096];
	for (;;) {
		const ssize_t n = read(fd, buffer, sizeof(buffer));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		text.append(buffer, size_t(n));
	}
	close(fd);

	nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
	if (parsed.is_discarded() || !parsed.is_object()) {
		if (!text.empty())
			log_line(LogLevel::Warning, "token file %s is not valid JSON; treated as empty", path.c_str());
		return empty;
	}
	if (!parsed.contains("tokens") || !parsed["tokens"].is_object())
		parsed["tokens"] = nlohmann::json::object();
	return parsed;
}

// Keys written by an older version may carry a user:password@ part (base URLs with credentials were
// accepted then): each becomes its key without it, so the password leaves the file. A clean key already
// saved wins over the old one. True when something changed (the caller rewrites the file).
bool clean_saved_keys(nlohmann::json &file, const std::string &path)
{
	nlohmann::json &tokens = file["tokens"];
	nlohmann::json cleaned = nlohmann::json::object();
	bool changed = false;
	for (auto it = tokens.begin(); it != tokens.end(); ++it) {
		const std::string key = base_url_without_credentials(it.key());
		if (key == it.key())
			continue;
		changed = true;
		if (!tokens.contains(key) && !cleaned.contains(key))
			cleaned[key] = it.value();
		// Only the clean key is logged: the old one holds the password.
		log_line(LogLevel::Warning, "token file %s: a saved key carried a user:password part; now saved as %s",
			 path.c_str(), key.c_str());
	}
	if (!changed)
		return false;
	for (auto it = tokens.begin(); it != tokens.end();) {
		if (base_url_without_credentials(it.key()) != it.key())
			it = tokens.erase(it);
		else
			++it;
	}
	for (auto &[key, value] : cleaned.items())
		tokens[key] = value;
	return true;
}

bool write_all(int fd, const std::string &bytes)
{
	size_t done = 0;
	while (done < bytes.size()) {
		const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += size_t(n);
	}
	return true;
}

// Temp file in the same folder (0600 from its creation: the token is never readable by others, not
// even for a moment), fsync, rename over the old file, fsync the folder.
bool write_file_atomically(const std::string &path, const std::string &bytes, std::string *error)
{
	const std::string dir = parent_dir(path);
	if (!make_private_dirs(dir, error))
		return false;

	static std::atomic<unsigned> counter{0};
	std::string temp;
	int fd = -1;
	for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
		temp = path + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
		fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		*error = errno_text("cannot create", temp);
		return false;
	}
	fchmod(fd, 0600); // exact mode whatever the umask

	if (!write_all(fd, bytes) || fsync(fd) != 0) {
		*error = errno_text("cannot write", temp);
		close(fd);
		unlink(temp.c_str());
		return false;
	}
	if (close(fd) != 0) {
		*error = errno_text("cannot write", temp);
		unlink(temp.c_str());
		return false;
	}
	if (rename(temp.c_str(), path.c_str()) != 0) {
		*error = errno_text("cannot replace", path);
		unlink(temp.c_str());
		return false;
	}
	const int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir_fd >= 0) {
		fsync(dir_fd); // makes the rename itself durable
		close(dir_fd);
	}
	return true;
}

bool update_entry(const std::string &path, const std::string &api_base_url, const std::string &token,
		  std::string *error)
{
	std::string ignored;
	if (!error)
		error = &ignored;
	// Keyed without any user:password@ part, like the keys cleaned above: a password never reaches the file,
	// and a token put under a URL is found again under the same URL.
	const std::string key = base_url_without_credentials(api_base_url);
	if (key.empty()) {
		*error = "empty API base URL";
		return false;
	}
	// The file is JSON, which holds only valid UTF-8: a stray byte in a pasted URL or token would make
	// the whole write throw. Refuse it here, with a message, instead.
	if (invalid_utf8_offset(key) != std::string::npos || invalid_utf8_offset(token) != std::string::npos) {
		*error = "the API base URL or the token is not valid UTF-8";
		return false;
	}

	std::lock_guard<std::mutex> lock(file_mutex());
	nlohmann::json file = read_file_json(path);
	clean_saved_keys(file, path);
	if (token.empty())
		file["tokens"].erase(key);
	else
		file["tokens"][key] = token;
	return write_file_atomically(path, file.dump(2) + "\n", error);
}

} // namespace

TokenStore::TokenStore(std::string file_path) : path_(std::move(file_path)) {}

std::optional<std::string> TokenStore::get(const std::string &api_base_url) const
{
	nlohmann::json file;
	{
		std::lock_guard<std::mutex> lock(file_mutex());
		file = read_file_json(path_);
		std::string error;
		if (clean_saved_keys(file, path_) && !write_file_atomically(path_, file.dump(2) + "\n", &error))
			log_line(LogLevel::Warning, "token file %s could not be cleaned: %s", path_.c_str(),
				 error.c_str());
	}
	const nlohmann::json &tokens = file["tokens"];
	const auto it = tokens.find(base_url_without_credentials(api_base_url));
	if (it == tokens.end() || !it->is_string())
		return std::nullopt;
	std::string token = trim(it->get<std::string>());
	if (token.empty())
		return std::nullopt;
	return token;
}

bool TokenStore::put(const std::string &api_base_url, const std::string &token, std::string *error)
{
	// Pasted tokens often carry a newline or spaces; they are never part of a token.
	return update_entry(path_, api_base_url, trim(token), error);
}

bool TokenStore::erase(const std::string &api_base_url, std::string *error)
{
	return update_entry(path_, api_base_url, std::string(), error);
}

TokenLookup TokenStore::lookup(const std::string &api_base_url, const char *env_value) const
{
	TokenLookup result;
	if (std::optional<std::string> from_file = get(api_base_url)) {
		result.token = std::move(*from_file);
		result.source = TokenSource::File;
		return result;
	}
	const std::string from_env = env_value ? trim(env_value) : std::string();
	if (!from_env.empty()) {
		result.token = from_env;
		result.source = TokenSource::Environment;
	}
	return result;
}

std::string mask_token(const std::string &token)
{
	const std::string trimmed = trim(token);
	if (trimmed.empty())
		return std::string();
	static const std::string dots = "\u2022\u2022\u2022\u2022";
	if (trimmed.size() < 8)
		return dots;
	size_t start = trimmed.size() - 4;
	// Never start inside a UTF-8 sequence (tokens are ASCII, but a pasted mistake may not be).
	while (start < trimmed.size() && (static_cast<unsigned char>(trimmed[start]) & 0xC0) == 0x80)
		start++;
	return dots + trimmed.substr(start);
}

std::string redact(std::string text, const std::string &token)
{
	const std::string needle = trim(token);
	if (needle.empty())
		return text;
	static const std::string replacement = "[token]";
	size_t pos = 0;
	while ((pos = text.find(needle, pos)) != std::string::npos) {
		text.replace(pos, needle.size(), replacement);
		pos += replacement.size();
	}
	return text;
}

} // namespace adiff
