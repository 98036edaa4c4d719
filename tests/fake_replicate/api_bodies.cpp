#include "fake_replicate/api_bodies.hpp"

extern "C" {
#include <libavutil/base64.h>
}

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace adiff::test {

using nlohmann::json;

namespace {

const std::vector<std::string> kPaths = {"toonyou_beta3.safetensors", "lyriel_v16.safetensors",
					 "rcnzCartoon3d_v10.safetensors", "majicmixRealistic_v5Preview.safetensors",
					 "realisticVisionV40_v20Novae.safetensors"};
const std::vector<std::string> kMotionModules = {"mm_sd_v14", "mm_sd_v15", "mm_sd_v15_v2"};

std::string quoted_list(const std::vector<std::string> &choices, const char *quote)
{
	std::string text;
	for (const auto &c : choices)
		text += (text.empty() ? "" : ", ") + std::string(quote) + c + quote;
	return text;
}

void check_number(const json &input, const char *field, bool integer, double min, double max,
		  std::vector<InputProblem> &problems)
{
	if (!input.contains(field))
		return;
	const json &v = input[field];
	bool type_ok = integer ? v.is_number_integer() : v.is_number();
	if (!type_ok) {
		std::string expected = integer ? "integer" : "number";
		problems.push_back({field, "Invalid type. Expected: " + expected + ", given: " + v.type_name(),
				    std::string("value is not a valid ") + (integer ? "integer" : "float"),
				    integer ? "type_error.integer" : "type_error.float"});
		return;
	}
	double value = v.get<double>();
	auto limit = [&](double x) {
		return integer ? std::to_string(int64_t(x)) : json(x).dump();
	};
	if (value < min)
		problems.push_back({field, "Must be greater than or equal to " + limit(min),
				    "ensure this value is greater than or equal to " + limit(min),
				    "value_error.number.not_ge"});
	else if (value > max)
		problems.push_back({field, "Must be less than or equal to " + limit(max),
				    "ensure this value is less than or equal to " + limit(max),
				    "value_error.number.not_le"});
}

void check_choice(const json &input, const char *field, const std::vector<std::string> &choices,
		  std::vector<InputProblem> &problems)
{
	if (!input.contains(field))
		return;
	const json &v = input[field];
	if (v.is_string() && std::find(choices.begin(), choices.end(), v.get<std::string>()) != choices.end())
		return;
	problems.push_back({field, std::string(field) + " must be one of the following: " + quoted_list(choices, "\""),
			    "value is not a valid enumeration member; permitted: " + quoted_list(choices, "'"),
			    "type_error.enum"});
}

void check_string(const json &input, const char *field, std::vector<InputProblem> &problems)
{
	if (input.contains(field) && !input[field].is_string())
		problems.push_back({field,
				    std::string("Invalid type. Expected: string, given: ") + input[field].type_name(),
				    "str type expected", "type_error.str"});
}

} // namespace

std::vector<InputProblem> validate_input(const json &input)
{
	std::vector<InputProblem> problems;
	if (!input.is_object()) {
		problems.push_back(
			{"", "Invalid type. Expected: object", "value is not a valid dict", "type_error.dict"});
		return problems;
	}
	check_string(input, "prompt", problems);
	check_string(input, "n_prompt", problems);
	check_choice(input, "path", kPaths, problems);
	check_choice(input, "motion_module", kMotionModules, problems);
	check_number(input, "steps", true, 1, 100, problems);
	check_number(input, "guidance_scale", false, 1, 10, problems);
	check_number(input, "seed", true, -2147483648.0, 4294967295.0, problems);
	return problems;
}

json error_body(int status, const std::string &title, const std::string &detail)
{
	return {{"title", title}, {"detail", detail}, {"status", status}};
}

json invalid_version_body()
{
	return error_body(422, "Invalid version or not permitted",
			  "The specified version does not exist (or perhaps you don't have permission to use it?)");
}

json invalid_fields_body(const std::vector<InputProblem> &problems)
{
	std::string detail;
	json fields = json::array();
	for (const auto &p : problems) {
		std::string field = p.field.empty() ? "input" : "input." + p.field;
		detail += "- " + field + ": " + p.description + "\n";
		fields.push_back({{"type", p.cog_type}, {"field", field}, {"description", p.description}});
	}
	json body = error_body(422, "Input validation failed", detail);
	body["invalid_fields"] = fields;
	return body;
}

json cog_validation_body(const std::vector<InputProblem> &problems)
{
	json detail = json::array();
	for (const auto &p : problems) {
		json loc = json::array({"body"});
		if (!p.field.empty()) {
			loc.push_back("input");
			loc.push_back(p.field);
		}
		detail.push_back({{"loc", loc}, {"msg", p.cog_msg}, {"type", p.cog_type}});
	}
	return {{"detail", detail}};
}

FaultAnswer fault_answer(Fault fault, Endpoint endpoint, int retry_after_s)
{
	FaultAnswer a;
	auto html = [&](int status, const std::string &title) {
		a.status = status;
		a.content_type = "text/html";
		a.body = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
			 "</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
	};
	switch (fault) {
	case Fault::Unauthorized:
		a.status = 401;
		a.body = error_body(401, "Unauthenticated", "You did not pass a valid authentication token").dump();
		break;
	case Fault::BillingRequired:
		a.status = 402;
		a.body = error_body(
				 402, "Billing required",
				 "You have insufficient credit to run this model. Go to "
				 "https://replicate.com/account/billing#billing to purchase credit. Once you purchase "
				 "credit, please wait a few minutes before trying again.")
				 .dump();
		break;
	case Fault::NotFound:
		a.status = 404;
		if (endpoint == Endpoint::Download) {
			a.content_type = "text/plain";
			a.body = "Not Found";
		} else {
			a.body = json{{"detail", "Not found."}}.dump();
		}
		break;
	case Fault::Gone:
		a.status = 410;
		a.content_type = "text/plain";
		a.body = "Gone";
		break;
	case Fault::InvalidVersion:
		a.status = 422;
		a.body = invalid_version_body().dump();
		break;
	case Fault::InvalidFields:
		a.status = 422;
		a.body = invalid_fields_body({{"steps", "Must be less than or equal to 100", "", "less_than_equal"}})
				 .dump();
		break;
	case Fault::Throttled:
	case Fault::ThrottledRetryAfter:
		a.status = 429;
		a.body = json{{"detail", "Request was throttled. Your rate limit resets in ~" +
						 std::to_string(retry_after_s) + "s."}}
				 .dump();
		if (fault == Fault::ThrottledRetryAfter)
			a.headers.push_back({"Retry-After", std::to_string(retry_after_s)});
		break;
	case Fault::Conflict:
		a.status = 409;
		a.body = json{{"detail", "Already running a prediction"}}.dump();
		break;
	case Fault::CogValidation:
		a.status = 422;
		a.body = cog_validation_body({{"steps", "", "ensure this value is less than or equal to 100",
					       "value_error.number.not_le"}})
				 .dump();
		break;
	case Fault::InternalError:
		a.status = 500;
		a.body = error_body(500, "Internal Server Error", "An unexpected error occurred.").dump();
		break;
	case Fault::BadGatewayHtml:
		html(502, "502 Bad Gateway");
		break;
	case Fault::Unavailable:
		a.status = 503;
		a.body = error_body(503, "Service Unavailable", "The service is temporarily unavailable.").dump();
		break;
	case Fault::GatewayTimeout:
		html(504, "504 Gateway Time-out");
		break;
	case Fault::MalformedJson:
		a.status = endpoint == Endpoint::Create ? 201 : 200;
		a.body = R"({"id": "q5w3gk2bprj2r0cm7ntbkd4x1g", "model": "lucataco/animate-diff", "status": "star)";
		break;
	case Fault::Reset:
	case Fault::Stall:
	case Fault::TooLarge:
	case Fault::CreatedThenReset:
	case Fault::UnknownStatus:
	case Fault::CreatedThenCutOff:
	case Fault::CreatedThenTruncated:
		break;
	}
	return a;
}

std::string base64(const std::string &bytes)
{
	std::string out(AV_BASE64_SIZE(bytes.size()), '\0');
	av_base64_encode(out.data(), int(out.size()), reinterpret_cast<const uint8_t *>(bytes.data()),
			 int(bytes.size()));
	out.resize(strlen(out.c_str()));
	return out;
}

std::string iso_time(std::chrono::system_clock::time_point when)
{
	auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
	time_t seconds = time_t(ms / 1000);
	tm utc{};
	gmtime_r(&seconds, &utc);
	char text[40];
	strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &utc);
	char full[48];
	snprintf(full, sizeof(full), "%s.%03dZ", text, int(ms % 1000));
	return full;
}

std::string fake_png_bytes()
{
	std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", 29);
	return png;
}

namespace {

// Replicate serves real videos, and the plugin decodes every downloaded file before it becomes a clip: the
// default output is a real MP4 (2 frames of 16x16 H.264, made once with the ffmpeg CLI, ~1.5 KB).
const std::string &tiny_real_mp4()
{
	static const std::string bytes = [] {
		char folder[] = "/tmp/adiff-fake-mp4-XXXXXX";
		if (!::mkdtemp(folder))
			throw std::runtime_error("fake_mp4_bytes: cannot create a temporary folder");
		const std::string path = std::string(folder) + "/tiny.mp4";
		const std::string command =
			"ffmpeg -nostdin -v error -y -f lavfi -i color=c=red:s=16x16:r=8 -frames:v 2 "
			"-c:v libx264 -pix_fmt yuv420p -movflags +faststart '" +
			path + "' </dev/null";
		const int status = std::system(command.c_str());
		std::ostringstream content;
		content << std::ifstream(path, std::ios::binary).rdbuf();
		std::remove(path.c_str());
		::rmdir(folder);
		if (status != 0 || content.str().empty())
			throw std::runtime_error(
				"fake_mp4_bytes: the ffmpeg CLI could not make a clip (is ffmpeg installed?)");
		return content.str();
	}();
	return bytes;
}

} // namespace

std::string fake_mp4_bytes(size_t size)
{
	std::string bytes = tiny_real_mp4();
	if (size < bytes.size() + 8)
		return bytes;
	// Padded to `size` with a trailing "free" box (players skip it), deterministic filler so two clips of
	// the same size are equal and a truncated copy is not.
	const uint32_t box = uint32_t(size - bytes.size());
	const char header[8] = {char(box >> 24), char(box >> 16), char(box >> 8), char(box), 'f', 'r', 'e', 'e'};
	bytes.append(header, 8);
	for (size_t i = bytes.size(); i < size; ++i)
		bytes.push_back(char((i * 131 + 7) & 0xff));
	return bytes;
}

std::string fake_html_page()
{
	return "<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head>"
	       "<body><p>Checking your browser before accessing replicate.delivery.</p></body></html>\n";
}

const char *endpoint_id(Endpoint endpoint)
{
	switch (endpoint) {
	case Endpoint::Create:
		return "create";
	case Endpoint::Get:
		return "get";
	case Endpoint::Cancel:
		return "cancel";
	case Endpoint::Download:
		return "download";
	case Endpoint::Model:
		return "model";
	case Endpoint::Other:
		break;
	}
	return "other";
}

bool parse_endpoint(const std::string &id, Endpoint *out)
{
	for (Endpoint e :
	     {Endpoint::Create, Endpoint::Get, Endpoint::Cancel, Endpoint::Download, Endpoint::Other, Endpoint::Model})
		if (id == endpoint_id(e)) {
			*out = e;
			return true;
		}
	return false;
}

namespace {
const std::pair<Fault, const char *> kFaultIds[] = {
	{Fault::Unauthorized, "401"},
	{Fault::BillingRequired, "402"},
	{Fault::NotFound, "404"},
	{Fault::Gone, "410"},
	{Fault::InvalidVersion, "422_version"},
	{Fault::InvalidFields, "422_fields"},
	{Fault::Throttled, "429"},
	{Fault::ThrottledRetryAfter, "429_retry_after"},
	{Fault::Conflict, "409"},
	{Fault::CogValidation, "422_cog"},
	{Fault::InternalError, "500"},
	{Fault::BadGatewayHtml, "502"},
	{Fault::Unavailable, "503"},
	{Fault::GatewayTimeout, "504"},
	{Fault::MalformedJson, "malformed_json"},
	{Fault::Reset, "reset"},
	{Fault::Stall, "stall"},
	{Fault::TooLarge, "too_large"},
	{Fault::CreatedThenReset, "created_then_reset"},
	{Fault::UnknownStatus, "unknown_status"},
	{Fault::CreatedThenCutOff, "created_then_cut_off"},
	{Fault::CreatedThenTruncated, "created_then_truncated"},
};
} // namespace

const char *fault_id(Fault fault)
{
	for (const auto &[f, id] : kFaultIds)
		if (f == fault)
			return id;
	return "?";
}

bool parse_fault(const std::string &id, Fault *out)
{
	for (const auto &[f, name] : kFaultIds)
		if (id == name) {
			*out = f;
			return true;
		}
	return false;
}

} // namespace adiff::test
