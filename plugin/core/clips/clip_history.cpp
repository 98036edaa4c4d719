// ClipRecord and ClipHistory of clip_store.hpp (ClipStore itself lives in clip_store.cpp).
#include "core/clips/clip_store.hpp"
#include "core/util/text_util.hpp"
#include "core/util/text_template.hpp"

#include <algorithm>
#include <climits>
#include <ctime>
#include <filesystem>
#include <system_error>

namespace adiff {

namespace {

// The prompt part of a label: enough to tell clips apart in a drop-down, short enough to fit one.
constexpr size_t kLabelWords = 5;
constexpr size_t kLabelPromptBytes = 40;
// A clip path read from a scene collection: what a real file path can be, nothing more.
constexpr size_t kMaxPathBytes = 4095;

bool is_utf8_continuation(char c)
{
	return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// First words of the prompt on one line, cut at a character boundary, with "…" when shortened.
std::string prompt_excerpt(const std::string &prompt)
{
	std::string words;
	size_t word_count = 0;
	bool shortened = false;
	size_t i = 0;
	while (i < prompt.size()) {
		while (i < prompt.size() && is_space(prompt[i]))
			i++;
		if (i == prompt.size())
			break;
		if (word_count == kLabelWords) {
			shortened = true;
			break;
		}
		const size_t begin = i;
		while (i < prompt.size() && !is_space(prompt[i]))
			i++;
		if (!words.empty())
			words += ' ';
		words.append(prompt, begin, i - begin);
		word_count++;
	}

	if (words.size() > kLabelPromptBytes) {
		size_t cut = kLabelPromptBytes;
		// Back up to the first byte of a UTF-8 sequence so a CJK prompt never yields half a character.
		while (cut > 0 && is_utf8_continuation(words[cut]))
			cut--;
		words.resize(cut);
		shortened = true;
	}
	if (shortened) {
		// "neon city at night," reads better without the dangling separator.
		while (!words.empty() && (is_space(words.back()) || words.back() == ',' || words.back() == ';'))
			words.pop_back();
		words += "\u2026";
	}
	return words;
}

template<typename T> bool read_integer(const nlohmann::json &j, const char *key, T min, T max, T *out)
{
	const auto it = j.find(key);
	if (it == j.end())
		return true; // optional: the default stays
	if (!it->is_number_integer())
		return false;
	if (it->is_number_unsigned()) {
		const uint64_t value = it->get<uint64_t>();
		if (value > uint64_t(max))
			return false;
		*out = T(value);
		return min <= *out;
	}
	const int64_t value = it->get<int64_t>();
	if (value < int64_t(min) || value > int64_t(max))
		return false;
	*out = T(value);
	return true;
}

bool read_string(const nlohmann::json &j, const char *key, std::string *out)
{
	const auto it = j.find(key);
	if (it == j.end())
		return true;
	if (!it->is_string())
		return false;
	*out = it->get<std::string>();
	return true;
}

uint64_t file_size_or_zero(const std::string &path)
{
	std::error_code ec;
	const uintmax_t size = std::filesystem::file_size(path, ec);
	return ec ? 0 : uint64_t(size);
}

} // namespace

nlohmann::json ClipRecord::to_json() const
{
	return {
		{"path", path},
		{"created_unix", created_unix},
		{"seed", seed},
		{"prompt", prompt},
		{"prediction_id", prediction_id},
		{"predict_time", predict_time},
		{"width", width},
		{"height", height},
		{"frames", frames},
	};
}

std::optional<ClipRecord> ClipRecord::from_json(const nlohmann::json &j)
{
	try {
		if (!j.is_object())
			return std::nullopt;
		ClipRecord record;
		// The path is the one thing a record cannot do without; the rest may be missing (older
		// versions wrote fewer fields) but never of the wrong type.
		const auto path_it = j.find("path");
		if (path_it == j.end() || !path_it->is_string())
			return std::nullopt;
		record.path = path_it->get<std::string>();
		// The plugin writes absolute paths only; anything else came from a hand-edited file.
		if (record.path.empty() || record.path.size() > kMaxPathBytes || record.path[0] != '/' ||
		    record.path.find('\0') != std::string::npos)
			return std::nullopt;

		if (!read_integer<int64_t>(j, "created_unix", INT64_MIN, INT64_MAX, &record.created_unix) ||
		    !read_integer<int64_t>(j, "seed", 0, INT64_MAX, &record.seed) ||
		    !read_string(j, "prompt", &record.prompt) ||
		    !read_string(j, "prediction_id", &record.prediction_id) ||
		    !read_integer<int>(j, "width", 0, INT_MAX, &record.width) ||
		    !read_integer<int>(j, "height", 0, INT_MAX, &record.height) ||
		    !read_integer<int>(j, "frames", 0, INT_MAX, &record.frames))
			return std::nullopt;

		const auto time_it = j.find("predict_time");
		if (time_it != j.end()) {
			if (!time_it->is_number())
				return std::nullopt;
			record.predict_time = time_it->get<double>();
		}
		return record;
	} catch (const nlohmann::json::exception &) {
		return std::nullopt;
	}
}

std::string ClipRecord::label(const std::string &format) const
{
	char when[32] = "";
	const time_t t = time_t(created_unix);
	struct tm local;
	if (localtime_r(&t, &local))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &local);

	const std::string excerpt = prompt_excerpt(prompt);
	std::string text = format;
	const std::string prompt_tail = " \u00b7 {prompt}";
	if (excerpt.empty() && text.size() >= prompt_tail.size() &&
	    text.compare(text.size() - prompt_tail.size(), prompt_tail.size(), prompt_tail) == 0)
		text.resize(text.size() - prompt_tail.size());
	return format_template(text, {{"time", when}, {"seed", std::to_string(seed)}, {"prompt", excerpt}});
}

ClipHistory ClipHistory::from_json(const nlohmann::json &array)
{
	ClipHistory history;
	if (!array.is_array())
		return history;
	for (const nlohmann::json &entry : array) {
		std::optional<ClipRecord> record = ClipRecord::from_json(entry);
		if (!record)
			continue;
		// A hand-edited list may repeat a path: the first (newest) one wins.
		const bool seen = std::any_of(history.records_.begin(), history.records_.end(),
					      [&](const ClipRecord &r) { return r.path == record->path; });
		if (!seen)
			history.records_.push_back(std::move(*record));
	}
	return history;
}

nlohmann::json ClipHistory::to_json() const
{
	nlohmann::json array = nlohmann::json::array();
	for (const ClipRecord &record : records_)
		array.push_back(record.to_json());
	return array;
}

void ClipHistory::add(ClipRecord record)
{
	records_.erase(std::remove_if(records_.begin(), records_.end(),
				      [&](const ClipRecord &r) { return r.path == record.path; }),
		       records_.end());
	records_.insert(records_.begin(), std::move(record));
}

std::vector<std::string> ClipHistory::drop_over_cap(size_t max_count, uint64_t max_bytes)
{
	// Walk newest to oldest; the first record over a limit and everything older than it goes, so
	// what is dropped is always exactly the oldest clips. The newest always stays: deleting the clip
	// that was just made (and is probably on screen) would be worse than exceeding the cap.
	size_t keep = 0;
	uint64_t total = 0;
	for (; keep < records_.size(); keep++) {
		if (max_count != 0 && keep >= max_count)
			break;
		const uint64_t size = file_size_or_zero(records_[keep].path);
		if (max_bytes != 0 && keep > 0 && total + size > max_bytes)
			break;
		total += size;
	}
	if (keep == 0 && !records_.empty())
		keep = 1;

	std::vector<std::string> dropped;
	for (size_t i = keep; i < records_.size(); i++)
		dropped.push_back(records_[i].path);
	records_.resize(std::min(keep, records_.size()));
	return dropped;
}

void ClipHistory::prune_missing()
{
	records_.erase(std::remove_if(records_.begin(), records_.end(),
				      [](const ClipRecord &r) {
					      std::error_code ec;
					      return !std::filesystem::exists(r.path, ec);
				      }),
		       records_.end());
}

} // namespace adiff
