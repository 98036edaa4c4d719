#include "obs/control/websocket_vendor.hpp"

#include "obs/control/live_json.hpp"
#include "obs/control/live_target.hpp"
#include "obs/control/obs_websocket_api.hpp"
#include "obs/control/show_actions.hpp"
#include "obs/control/show_requests.hpp"
#include "obs/util/plugin_log.hpp"
#include "obs/util/plugin_text.hpp"
#include "core/status/status_json.hpp"
#include "core/util/text_template.hpp"

#include <obs.hpp>

#include <obs-module.h>

#include <functional>
#include <mutex>
#include <string>

namespace adiff {
namespace {

std::mutex g_mutex;                  // guards the two pointers below
proc_handler_t *g_ws_ph = nullptr;   // obs-websocket's own proc handler
void *g_vendor = nullptr;            // our vendor, as obs-websocket handed it out
LiveTargetLookup g_lookup = nullptr; // set before the requests are registered, never changed after

nlohmann::json error_with(const char *key, const char *code, const std::string &name)
{
	return error_response(format_template(T(key), {{"name", name}}), code);
}

// Finds the AnimateDiff source named by requestData.inputName and runs `action` on it; every other
// case is an error response that says what was wrong.
nlohmann::json with_source(obs_data_t *request, const std::function<nlohmann::json(LiveTarget &)> &action)
{
	const char *name = obs_data_get_string(request, "inputName");
	if (!name || !*name)
		return error_with("Live.MissingInputName", "missing_input_name", "");
	OBSSourceAutoRelease source = obs_get_source_by_name(name);
	if (!source)
		return error_with("Live.UnknownInput", "unknown_input", name);
	nlohmann::json response;
	LiveTarget *target = g_lookup(source);
	if (!target) {
		response = error_response(format_template(T("Live.WrongKind"),
							  {{"name", name}, {"kind", obs_source_get_id(source)}}),
					  "wrong_input_kind");
	} else {
		response = action(*target);
	}
	return response;
}

// The "overrides" of a generate request as raw JSON. obs-websocket hands the request over as obs_data,
// which has already dropped every null ({"prompt": null} arrives as {}): an object is read back with
// obs_data_get_json, and an empty one is refused (a client that wants no overrides omits the key). A
// client that needs nulls refused exactly can send "overrides" as a string of JSON, parsed raw here.
nlohmann::json read_vendor_overrides(obs_data_t *request, nlohmann::json *overrides, bool *present)
{
	obs_data_item_t *item = obs_data_item_byname(request, "overrides");
	*present = item != nullptr;
	if (!item)
		return nullptr;
	const enum obs_data_type type = obs_data_item_gettype(item);
	nlohmann::json error;
	if (type == OBS_DATA_STRING) {
		error = parse_overrides_text(obs_data_item_get_string(item), overrides);
	} else if (type == OBS_DATA_OBJECT) {
		OBSDataAutoRelease object = obs_data_item_get_obj(item);
		*overrides = nlohmann::json::parse(obs_data_get_json(object), nullptr, false);
		if (!overrides->is_object() || overrides->empty()) {
			error = error_response(T("Live.EmptyOverrides"), error_id(ErrorCode::InvalidSetting));
			error["detail"] = "overrides (empty: a null value is dropped before it reaches the plugin)";
		}
	} else {
		error = error_response(T("Live.BadOverrides"), error_id(ErrorCode::InvalidSetting));
		error["detail"] = "overrides (not a JSON object)";
	}
	obs_data_item_release(&item);
	return error;
}

void request_generate(obs_data_t *request, obs_data_t *response_data, void *)
{
	fill_response(response_data, with_source(request, [&](LiveTarget &source) {
			      nlohmann::json overrides;
			      bool present = false;
			      nlohmann::json error = read_vendor_overrides(request, &overrides, &present);
			      if (!error.is_null())
				      return error;
			      return live_trigger_json(
				      source.generate(TriggerOrigin::WebSocket, present ? &overrides : nullptr));
		      }));
}

void request_cancel(obs_data_t *request, obs_data_t *response_data, void *)
{
	fill_response(response_data, with_source(request, [](LiveTarget &source) {
			      source.cancel();
			      return ok_response();
		      }));
}

void request_get_status(obs_data_t *request, obs_data_t *response_data, void *)
{
	fill_response(response_data, with_source(request, [](LiveTarget &source) { return live_status_json(source); }));
}

void request_list_clips(obs_data_t *request, obs_data_t *response_data, void *)
{
	fill_response(response_data, with_source(request, [](LiveTarget &source) { return list_clips_json(source); }));
}

} // namespace

void websocket_vendor_register(LiveTargetLookup lookup)
{
	g_lookup = lookup;
	proc_handler_t *ph = obsws::get_ph();
	if (!ph) {
		adiff_log(LOG_INFO, "obs-websocket not found: the %s vendor requests are not available",
			  kWebsocketVendorName);
		return;
	}
	void *vendor = obsws::register_vendor(ph, kWebsocketVendorName);
	if (!vendor) {
		adiff_log(LOG_WARNING, "obs-websocket refused the vendor '%s'", kWebsocketVendorName);
		return;
	}
	bool all = true;
	all &= obsws::register_request(ph, vendor, "generate", request_generate, nullptr);
	all &= obsws::register_request(ph, vendor, "cancel", request_cancel, nullptr);
	all &= obsws::register_request(ph, vendor, "get_status", request_get_status, nullptr);
	all &= obsws::register_request(ph, vendor, "list_clips", request_list_clips, nullptr);
	all &= register_show_requests(ph, vendor, with_source);
	{
		std::lock_guard<std::mutex> lock(g_mutex);
		g_ws_ph = ph;
		g_vendor = vendor;
	}
	adiff_log(all ? LOG_INFO : LOG_WARNING, "obs-websocket vendor '%s' registered (API version %lld)%s",
		  kWebsocketVendorName, obsws::api_version(ph), all ? "" : " (some requests were refused)");
}

void websocket_vendor_forget()
{
	// Nothing is called into obs-websocket here: module unload order is not defined, and once it has
	// unloaded its proc handler is gone. Its vendor table dies with it; we only stop emitting.
	std::lock_guard<std::mutex> lock(g_mutex);
	g_ws_ph = nullptr;
	g_vendor = nullptr;
}

void websocket_emit_event(const char *type, const nlohmann::json &data)
{
	std::lock_guard<std::mutex> lock(g_mutex);
	if (!g_ws_ph || !g_vendor)
		return;
	OBSDataAutoRelease event_data = obs_data_create_from_json(answer_text(data).c_str());
	obsws::emit_event(g_ws_ph, g_vendor, type, event_data); // serialised before it returns
}

} // namespace adiff
