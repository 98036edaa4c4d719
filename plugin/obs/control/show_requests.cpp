#include "obs/control/show_requests.hpp"

#include "obs/control/show_actions.hpp"
#include "obs/source/animatediff_source.hpp"
#include "core/status/status_json.hpp"
#include "core/status/text_template.hpp"

#include <obs-module.h>

#include <cstring>
#include <functional>

namespace adiff {
namespace {

void fill(obs_data_t *response_data, const nlohmann::json &response)
{
	obs_data_t *data = obs_data_create_from_json(response.dump().c_str());
	obs_data_apply(response_data, data);
	obs_data_release(data);
}

// Runs `action` on the AnimateDiff source named by inputName, or answers why it cannot.
void on_source(obs_data_t *request, obs_data_t *response,
	       const std::function<nlohmann::json(AnimateDiffSource &)> &action)
{
	const char *name = obs_data_get_string(request, "inputName");
	if (!name || !*name)
		return fill(response, error_response(obs_module_text("Live.MissingInputName"), "missing_input_name"));
	obs_source_t *source = obs_get_source_by_name(name);
	if (!source)
		return fill(response,
			    error_response(format_template(obs_module_text("Live.UnknownInput"), {{"name", name}}),
					   "unknown_input"));
	if (strcmp(obs_source_get_unversioned_id(source), "animatediff_source") != 0 || !obs_obj_get_data(source))
		fill(response, error_response(format_template(obs_module_text("Live.WrongKind"),
							      {{"name", name}, {"kind", obs_source_get_id(source)}}),
					      "wrong_input_kind"));
	else
		fill(response, action(*static_cast<AnimateDiffSource *>(obs_obj_get_data(source))));
	obs_source_release(source);
}

// A request value as JSON (arrays of objects survive obs_data; a string is parsed as JSON text).
nlohmann::json item_json(obs_data_t *request, const char *key)
{
	obs_data_item_t *item = obs_data_item_byname(request, key);
	if (!item)
		return nullptr;
	nlohmann::json value;
	switch (obs_data_item_gettype(item)) {
	case OBS_DATA_STRING:
		value = nlohmann::json::parse(obs_data_item_get_string(item), nullptr, false);
		if (value.is_discarded())
			value = obs_data_item_get_string(item); // a plain path
		break;
	case OBS_DATA_NUMBER:
		value = (long long) obs_data_item_get_int(item);
		break;
	case OBS_DATA_ARRAY: {
		obs_data_t *wrapper = obs_data_create();
		obs_data_array_t *array = obs_data_item_get_array(item);
		obs_data_set_array(wrapper, "a", array);
		value = nlohmann::json::parse(obs_data_get_json(wrapper), nullptr, false).value("a", nlohmann::json());
		obs_data_array_release(array);
		obs_data_release(wrapper);
		break;
	}
	default:
		break;
	}
	obs_data_item_release(&item);
	return value;
}

void setlist_next(obs_data_t *rq, obs_data_t *rs, void *)
{
	on_source(rq, rs, [](AnimateDiffSource &s) { return setlist_move(s, "next"); });
}

void setlist_previous(obs_data_t *rq, obs_data_t *rs, void *)
{
	on_source(rq, rs, [](AnimateDiffSource &s) { return setlist_move(s, "previous"); });
}

void setlist_set(obs_data_t *rq, obs_data_t *rs, void *)
{
	const nlohmann::json index = item_json(rq, "index");
	on_source(rq, rs, [&](AnimateDiffSource &s) {
		return setlist_move(s, "set", index.is_number_integer() ? index.get<long long>() : -1);
	});
}

void set_prompts(obs_data_t *rq, obs_data_t *rs, void *)
{
	const nlohmann::json prompts = item_json(rq, "prompts");
	on_source(rq, rs, [&](AnimateDiffSource &s) { return set_prompt_list(s, prompts); });
}

void next_clip(obs_data_t *rq, obs_data_t *rs, void *)
{
	on_source(rq, rs, [](AnimateDiffSource &s) { return clip_move(s, "next"); });
}

void previous_clip(obs_data_t *rq, obs_data_t *rs, void *)
{
	on_source(rq, rs, [](AnimateDiffSource &s) { return clip_move(s, "previous"); });
}

void play_clip(obs_data_t *rq, obs_data_t *rs, void *)
{
	nlohmann::json which = item_json(rq, "index");
	if (which.is_null())
		which = item_json(rq, "path");
	on_source(rq, rs, [&](AnimateDiffSource &s) { return clip_move(s, "play", which); });
}

} // namespace

bool register_show_requests(proc_handler_t *ph, void *vendor, RegisterRequestFn reg)
{
	bool all = true;
	all &= reg(ph, vendor, "setlist_next", setlist_next);
	all &= reg(ph, vendor, "setlist_previous", setlist_previous);
	all &= reg(ph, vendor, "setlist_set", setlist_set);
	all &= reg(ph, vendor, "set_prompt_list", set_prompts);
	all &= reg(ph, vendor, "next_clip", next_clip);
	all &= reg(ph, vendor, "previous_clip", previous_clip);
	all &= reg(ph, vendor, "play_clip", play_clip);
	return all;
}

} // namespace adiff
