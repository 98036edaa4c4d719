#include "core/generation/api_errors.hpp"
#include "core/util/text_util.hpp"

#include "core/net/retry_policy.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace adiff {
namespace {

std::string strip_input_prefix(std::string field)
{
	if (field.rfind("input.", 0) == 0)
		field.erase(0, 6);
	return field;
}

std::string join(const std::vector<std::string> &parts, const char *sep)
{
	std::string out;
	for (const auto &part : parts) {
		if (!out.empty())
			out += sep;
		out += part;
	}
	return out;
}

struct ParsedBody {
	std::string title;
	std::string detail;              // a string detail
	std::vector<std::string> fields; // invalid fields, "steps: must be <= 100"
	bool json = false;
};

ParsedBody parse_body(const std::string &body)
{
	ParsedBody parsed;
	nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
	if (j.is_discarded() || !j.is_object())
		return parsed;
	parsed.json = true;
	if (j.contains("title") && j["title"].is_string())
		parsed.title = j["title"].get<std::string>();
	if (j.contains("detail")) {
		const auto &detail = j["detail"];
		if (detail.is_string()) {
			parsed.detail = detail.get<std::string>();
		} else if (detail.is_array()) {
			// FastAPI (Cog): [{"loc": ["body", "input", "steps"], "msg": "...", "type": "..."}]
			for (const auto &item : detail) {
				if (!item.is_object())
					continue;
				std::string field;
				if (item.contains("loc") && item["loc"].is_array()) {
					for (const auto &part : item["loc"]) {
						std::string name = part.is_string() ? part.get<std::string>()
										    : part.dump();
						if (name != "body" && name != "input")
							field = field.empty() ? name : field + "." + name;
					}
				}
				std::string msg = item.contains("msg") && item["msg"].is_string()
							  ? item["msg"].get<std::string>()
							  : "";
				if (field.empty())
					field = "input";
				parsed.fields.push_back(msg.empty() ? field : field + ": " + msg);
			}
		}
	}
	if (j.contains("invalid_fields") && j["invalid_fields"].is_array()) {
		for (const auto &item : j["invalid_fields"]) {
			if (!item.is_object() || !item.contains("field") || !item["field"].is_string())
				continue;
			std::string field = strip_input_prefix(item["field"].get<std::string>());
			std::string description = item.contains("description") && item["description"].is_string()
							  ? item["description"].get<std::string>()
							  : "";
			parsed.fields.push_back(description.empty() ? field : field + ": " + description);
		}
	}
	return parsed;
}

std::string best_text(const ParsedBody &parsed)
{
	if (!parsed.detail.empty())
		return parsed.detail;
	return parsed.title;
}

} // namespace

ApiError map_api_error(long http_status, const std::string &body, const std::map<std::string, std::string> &headers,
		       ApiCall call, long long now_unix)
{
	ApiError error;
	error.http_status = int(http_status);
	ParsedBody parsed = parse_body(body);
	// HTML error pages from an edge proxy are not shown: the status code says enough.
	const std::string text = parsed.json ? best_text(parsed) : std::string();

	switch (http_status) {
	case 401:
	case 403:
		error.code = ErrorCode::BadToken;
		error.detail = text;
		return error;
	case 402:
		error.code = ErrorCode::Billing;
		error.detail = text;
		return error;
	case 409:
		error.code = ErrorCode::Busy;
		error.detail = text;
		return error;
	case 429: {
		error.code = ErrorCode::Throttled;
		auto header = headers.find("retry-after");
		int seconds = -1;
		if (header != headers.end())
			seconds = parse_retry_after(header->second, now_unix);
		error.retry_after_header_s = seconds;
		if (seconds < 0)
			seconds = parse_resets_in(text);
		error.retry_after_s = std::max(0, seconds);
		error.detail = text;
		return error;
	}
	default:
		break;
	}

	const std::string lowered = ascii_lower(parsed.title + " " + parsed.detail);
	if (http_status == 404 || http_status == 422) {
		if (lowered.find("version") != std::string::npos || (http_status == 404 && call == ApiCall::Create)) {
			error.code = ErrorCode::BadVersion;
			error.detail = text.empty() ? "HTTP " + std::to_string(http_status) : text;
			return error;
		}
	}
	if (http_status == 422 || http_status == 400) {
		error.code = ErrorCode::InvalidInput;
		error.detail = parsed.fields.empty() ? text : join(parsed.fields, ", ");
		return error;
	}
	if (http_status >= 500) {
		error.code = ErrorCode::ServerError;
		error.detail = std::to_string(http_status);
		return error;
	}
	error.code = ErrorCode::BadResponse;
	error.detail = "HTTP " + std::to_string(http_status) + (text.empty() ? "" : ": " + text);
	return error;
}

} // namespace adiff
