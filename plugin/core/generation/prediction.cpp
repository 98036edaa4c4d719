#include "core/generation/prediction.hpp"
#include "core/util/text_util.hpp"

#include <algorithm>
#include <cctype>

namespace adiff {
namespace {

bool is_file_url(const std::string &url)
{
	std::string l = ascii_lower(url.substr(0, 8));
	return l.rfind("https://", 0) == 0 || l.rfind("http://", 0) == 0 || l.rfind("data:", 0) == 0;
}

bool ends_with(const std::string &text, const std::string &suffix)
{
	return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// By the path's extension (query and fragment ignored) or, for data: urls, by the media type.
bool looks_like_video(const std::string &url)
{
	std::string l = ascii_lower(url);
	if (l.rfind("data:", 0) == 0)
		return l.rfind("data:video/", 0) == 0 || l.rfind("data:image/gif", 0) == 0;
	l = l.substr(0, l.find_first_of("?#"));
	for (const char *ext : {".mp4", ".webm", ".gif", ".mov"})
		if (ends_with(l, ext))
			return true;
	return false;
}

std::string url_of(const nlohmann::json &entry)
{
	if (entry.is_string())
		return entry.get<std::string>();
	if (entry.is_object() && entry.contains("url") && entry["url"].is_string())
		return entry["url"].get<std::string>();
	return {};
}

PredictionStatus parse_status(const std::string &status)
{
	if (status == "starting")
		return PredictionStatus::Starting;
	if (status == "processing")
		return PredictionStatus::Processing;
	if (status == "succeeded")
		return PredictionStatus::Succeeded;
	if (status == "failed")
		return PredictionStatus::Failed;
	if (status == "canceled")
		return PredictionStatus::Canceled;
	if (status == "aborted")
		return PredictionStatus::Aborted;
	return PredictionStatus::Unknown;
}

std::string text_of(const nlohmann::json &value)
{
	if (value.is_null())
		return {};
	if (value.is_string())
		return value.get<std::string>();
	return value.dump();
}

} // namespace

bool is_final(PredictionStatus status)
{
	return status == PredictionStatus::Succeeded || status == PredictionStatus::Failed ||
	       status == PredictionStatus::Canceled || status == PredictionStatus::Aborted;
}

std::string pick_output_url(const nlohmann::json &output)
{
	if (output.is_string() || (output.is_object() && output.contains("url"))) {
		std::string url = url_of(output);
		return is_file_url(url) ? url : std::string();
	}
	std::vector<std::string> urls;
	if (output.is_array()) {
		for (const auto &entry : output) {
			std::string url = url_of(entry);
			if (is_file_url(url))
				urls.push_back(url);
		}
	} else if (output.is_object()) {
		// Some Cog models name their outputs ({"video": ...}): consider every value.
		for (const auto &item : output.items()) {
			std::string url = url_of(item.value());
			if (is_file_url(url))
				urls.push_back(url);
		}
	}
	for (const auto &url : urls)
		if (looks_like_video(url))
			return url;
	return urls.size() == 1 ? urls.front() : std::string();
}

bool parse_prediction(const std::string &body, Prediction *out, std::string *why)
{
	nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
	if (j.is_discarded() || !j.is_object()) {
		if (why)
			*why = "not a JSON object";
		return false;
	}
	Prediction p;
	if (!j.contains("status") && j.contains("data") && j["data"].is_array()) {
		// The relay's OpenAI-style answer: only finished results come back this way.
		p.status = PredictionStatus::Succeeded;
		p.output_url = pick_output_url(j["data"]);
		if (j.contains("id") && j["id"].is_string())
			p.id = j["id"].get<std::string>();
		*out = std::move(p);
		return true;
	}
	if (!j.contains("status") || !j["status"].is_string()) {
		if (why)
			*why = "no prediction status in the answer";
		return false;
	}
	p.status = parse_status(j["status"].get<std::string>());
	if (p.status == PredictionStatus::Unknown) {
		if (why)
			*why = "unknown prediction status '" + j["status"].get<std::string>() + "'";
		return false;
	}
	if (j.contains("id") && j["id"].is_string())
		p.id = j["id"].get<std::string>();
	if (j.contains("error"))
		p.error = text_of(j["error"]);
	if (j.contains("logs") && j["logs"].is_string())
		p.logs = j["logs"].get<std::string>();
	if (j.contains("output"))
		p.output_url = pick_output_url(j["output"]);
	if (j.contains("data_removed") && j["data_removed"].is_boolean())
		p.data_removed = j["data_removed"].get<bool>();
	if (j.contains("metrics") && j["metrics"].is_object()) {
		const auto &metrics = j["metrics"];
		if (metrics.contains("predict_time") && metrics["predict_time"].is_number())
			p.predict_time = metrics["predict_time"].get<double>();
	}
	if (j.contains("urls") && j["urls"].is_object()) {
		const auto &urls = j["urls"];
		if (urls.contains("get") && urls["get"].is_string())
			p.get_url = urls["get"].get<std::string>();
		if (urls.contains("cancel") && urls["cancel"].is_string())
			p.cancel_url = urls["cancel"].get<std::string>();
	}
	*out = std::move(p);
	return true;
}

} // namespace adiff
