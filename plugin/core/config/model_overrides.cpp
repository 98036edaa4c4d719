#include "core/config/model_overrides.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace adiff {
namespace {

using nlohmann::json;

const char *type_name(const json &value)
{
	switch (value.type()) {
	case json::value_t::null:
		return "null";
	case json::value_t::boolean:
		return "a boolean";
	case json::value_t::string:
		return "a string";
	case json::value_t::array:
		return "an array";
	case json::value_t::object:
		return "an object";
	case json::value_t::number_integer:
	case json::value_t::number_unsigned:
	case json::value_t::number_float:
		return "a number";
	default:
		return "not a value";
	}
}

bool fail(JsonFieldError *error, const std::string &field, const std::string &problem)
{
	error->field = field;
	error->problem = problem;
	return false;
}

bool read_string(const json &value, const std::string &field, std::string *out, JsonFieldError *error)
{
	if (!value.is_string())
		return fail(error, field, std::string(type_name(value)) + ", not a string");
	*out = value.get<std::string>();
	return true;
}

// An integer, or a float with no fractional part (JSON has one number type: 20.0 is 20). 20.7 is
// refused rather than truncated to 20: the user asked for something the model cannot do.
bool read_integer(const json &value, const std::string &field, int64_t *out, JsonFieldError *error)
{
	if (value.is_number_integer() && !value.is_number_unsigned()) {
		*out = value.get<int64_t>();
		return true;
	}
	if (value.is_number_unsigned()) {
		const uint64_t u = value.get<uint64_t>();
		if (u > uint64_t(std::numeric_limits<int64_t>::max()))
			return fail(error, field, "out of range");
		*out = int64_t(u);
		return true;
	}
	if (value.is_number_float()) {
		const double d = value.get<double>();
		if (!std::isfinite(d) || d != std::floor(d)) {
			char text[64];
			std::snprintf(text, sizeof(text), "%g is not an integer", d);
			return fail(error, field, text);
		}
		// 2^63 is exactly representable; anything at or beyond it does not fit.
		if (d < -9223372036854775808.0 || d >= 9223372036854775808.0)
			return fail(error, field, "out of range");
		*out = int64_t(d);
		return true;
	}
	return fail(error, field, std::string(type_name(value)) + ", not an integer");
}

bool read_number(const json &value, const std::string &field, double *out, JsonFieldError *error)
{
	if (!value.is_number())
		return fail(error, field, std::string(type_name(value)) + ", not a number");
	*out = value.get<double>();
	return true;
}

} // namespace

bool apply_model_json(const json &object, UnknownKeys unknown, ModelParams *params, JsonFieldError *error)
{
	if (!object.is_object())
		return fail(error, "overrides", std::string(type_name(object)) + ", not a JSON object");
	for (const auto &[key, value] : object.items()) {
		bool ok = true;
		if (key == "prompt")
			ok = read_string(value, key, &params->prompt, error);
		else if (key == "n_prompt")
			ok = read_string(value, key, &params->n_prompt, error);
		else if (key == "path")
			ok = read_string(value, key, &params->path, error);
		else if (key == "motion_module")
			ok = read_string(value, key, &params->motion_module, error);
		else if (key == "steps")
			ok = read_integer(value, key, &params->steps, error);
		else if (key == "guidance_scale")
			ok = read_number(value, key, &params->guidance_scale, error);
		else if (key == "seed")
			ok = read_integer(value, key, &params->seed, error);
		else if (unknown == UnknownKeys::Refuse)
			ok = fail(error, key.empty() ? "\"\"" : key, "not a model input"); // "" still names it
		if (!ok)
			return false;
	}
	return true;
}

bool apply_model_overrides_text(const std::string &text, ModelParams *params, JsonFieldError *error)
{
	if (text.empty())
		return true;
	// Parsed here, not through obs_data: obs_data drops nulls, and {"prompt": null} must be refused,
	// not turned into "no prompt override".
	const json parsed = json::parse(text, nullptr, false);
	if (parsed.is_discarded())
		return fail(error, "overrides", "not valid JSON");
	return apply_model_json(parsed, UnknownKeys::Refuse, params, error);
}

} // namespace adiff
