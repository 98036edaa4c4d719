#include "obs/control/show_requests.hpp"

#include "obs/control/live_json.hpp"
#include "obs/control/live_target.hpp"
#include "obs/control/obs_websocket_api.hpp"
#include "obs/control/show_actions.hpp"

#include <obs.hpp>

#include <functional>

namespace adiff {
namespace {

WithSourceFn g_with_source = nullptr; // websocket_vendor's lookup by inputName; set once at registration

// Runs `action` on the AnimateDiff source named by inputName, or answers why it cannot.
void on_source(obs_data_t *request, obs_data_t *response, const std::function<nlohmann::json(LiveTarget &)> &action)
{
	fill_response(response, g_with_source(request, action));
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
		value = json_or_text(obs_data_item_get_string(item));
		break;
	case OBS_DATA_NUMBER:
		value = (long long)obs_data_item_get_int(item);
		break;
	case OBS_DATA_ARRAY: {
		OBSDataAutoRelease wrapper = obs_data_create();
		OBSDataArrayAutoRelease array = obs_data_item_get_array(item);
		obs_data_set_array(wrapper, "a", array);
		value = nlohmann::json::parse(obs_data_get_json(wrapper), nullptr, false).value("a", nlohmann::json());
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
	on_source(rq, rs, [](LiveTarget &s) { return setlist_move(s, "next"); });
}

void setlist_previous(obs_data_t *rq, obs_data_t *rs, void *)
{
	on_source(rq, rs, [](LiveTarget &s) { return setlist_move(s, "previous"); });
}

void setlist_set(obs_data_t *rq, obs_data_t *rs, void *)
{
	const nlohmann::json index = item_json(rq, "index");
	on_source(rq, rs, [&](LiveTarget &s) {
		return setlist_move(s, "set", index.is_number_integer() ? index.get<long long>() : -1);
	});
}

void set_prompts(obs_data_t *rq, obs_data_t *rs, void *)
{
	const nlohmann::json prompts = item_json(rq, "prompts");
	on_source(rq, rs, [&](LiveTarget &s) { return set_prompt_list(s, prompts); });
}

void next_clip(obs_data_t *rq, obs_data_t *rs, void *)
{
	on_source(rq, rs, [](LiveTarget &s) { return clip_move(s, "next"); });
}

void previous_clip(obs_data_t *rq, obs_data_t *rs, void *)
{
	on_source(rq, rs, [](LiveTarget &s) { return clip_move(s, "previous"); });
}

void play_clip(obs_data_t *rq, obs_data_t *rs, void *)
{
	nlohmann::json which = item_json(rq, "index");
	if (which.is_null())
		which = item_json(rq, "path");
	on_source(rq, rs, [&](LiveTarget &s) { return clip_move(s, "play", which); });
}

} // namespace

bool register_show_requests(proc_handler_t *ph, void *vendor, WithSourceFn with_source)
{
	g_with_source = with_source;
	const auto reg = [](proc_handler_t *ph_, void *vendor_, const char *type, obsws::RequestCallback callback) {
		return obsws::register_request(ph_, vendor_, type, callback, nullptr);
	};
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
