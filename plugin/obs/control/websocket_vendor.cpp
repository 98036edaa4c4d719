#include "obs/control/websocket_vendor.hpp"

#include "obs/source/animatediff_source.hpp"
#include "obs/control/live_control.hpp"
#include "obs/control/show_actions.hpp"  // setlist hook
#include "obs/control/show_requests.hpp" // setlist hook
#include "obs/module/plugin_log.hpp"
#include "core/status/status_json.hpp"
#include "core/status/text_template.hpp"

#include <obs-module.h>

#include <cstring>
#include <functional>
#include <mutex>
#include <string>

namespace adiff {
namespace {

// The layout obs-websocket copies when a request is registered ("in ptr callback").
struct VendorRequestCallback {
	void (*callback)(obs_data_t *request_data, obs_data_t *response_data, void *priv_data);
	void *priv_data;
};

std::mutex g_mutex;                // guards the two pointers below
proc_handler_t *g_ws_ph = nullptr; // obs-websocket's own proc handler
void *g_vendor = nullptr;          // our vendor, as obs-websocket handed it out

proc_handler_t *find_websocket_ph()
{
	calldata_t cd;
	calldata_init(&cd);
	proc_handler_t *ph = nullptr;
	if (proc_handler_call(obs_get_proc_handler(), "obs_websocket_api_get_ph", &cd))
		ph = static_cast<proc_handler_t *>(calldata_ptr(&cd, "ph"));
	calldata_free(&cd);
	return ph;
}

void fill_response(obs_data_t *response_data, const nlohmann::json &response)
{
	obs_data_t *data = obs_data_create_from_json(response.dump().c_str());
	obs_data_apply(response_data, data);
	obs_data_release(data);
}

nlohmann::json error_with(const char *key, const char *code, const std::string &name)
{
	return error_response(format_template(obs_module_text(key), {{"name", name}}), code);
}

// Finds the AnimateDiff source named by requestData.inputName and runs `action` on it; every other
// case is an error response that says what was wrong.
nlohmann::json with_source(obs_data_t *request, const std::function<nlohmann::json(AnimateDiffSource &)> &action)
{
	const char *name = obs_data_get_string(request, "inputName");
	if (!name || !*name)
		return error_with("Live.MissingInputName", "missing_input_name", "");
	obs_source_t *source = obs_get_source_by_name(name);
	if (!source)
		return error_with("Live.UnknownInput", "unknown_input", name);
	nlohmann::json response;
	if (strcmp(obs_source_get_unversioned_id(source), "animatediff_source") != 0 || !obs_obj_get_data(source)) {
		response = error_response(format_template(obs_module_text("Live.WrongKind"),
							  {{"name", name}, {"kind", obs_source_get_id(source)}}),
					  "wrong_input_kind");
	} else {
		response = action(*static_cast<AnimateDiffSource *>(obs_obj_get_data(source)));
	}
	obs_source_release(source);
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
		obs_data_t *object = obs_data_item_get_obj(item);
		*overrides = nlohmann::json::parse(obs_data_get_json(object), nullptr, false);
		obs_data_release(object);
		if (!overrides->is_object() || overrides->empty()) {
			error = error_response(obs_module_text("Live.EmptyOverrides"),
					       error_id(ErrorCode::InvalidSetting));
			error["detail"] = "overrides (empty: a null value is dropped before it reaches the plugin)";
		}
	} else {
		error = error_response(obs_module_text("Live.BadOverrides"), error_id(ErrorCode::InvalidSetting));
		error["detail"] = "overrides (not a JSON object)";
	}
	obs_data_item_release(&item);
	return error;
}

void request_generate(obs_data_t *request, obs_data_t *response_data, void *)
{
	fill_response(response_data, with_source(request, [&](AnimateDiffSource &source) {
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
	fill_response(response_data, with_source(request, [](AnimateDiffSource &source) {
			      source.cancel();
			      return ok_response();
		      }));
}

void request_get_status(obs_data_t *request, obs_data_t *response_data, void *)
{
	fill_response(response_data,
		      with_source(request, [](AnimateDiffSource &source) { return live_status_json(source); }));
}

void request_list_clips(obs_data_t *request, obs_data_t *response_data, void *)
{
	fill_response(response_data, with_source(request, [](AnimateDiffSource &source) {
			      nlohmann::json response = ok_response();
			      response["clips"] = history_to_json(source.history());
			      mark_playing(response["clips"], source.playing_clip()); // setlist hook
			      return response;
		      }));
}

bool register_request(proc_handler_t *ph, void *vendor, const char *type,
		      void (*callback)(obs_data_t *, obs_data_t *, void *))
{
	VendorRequestCallback cb = {callback, nullptr};
	calldata_t cd;
	calldata_init(&cd);
	calldata_set_ptr(&cd, "vendor", vendor);
	calldata_set_string(&cd, "type", type);
	calldata_set_ptr(&cd, "callback", &cb);
	proc_handler_call(ph, "vendor_request_register", &cd);
	const bool ok = calldata_bool(&cd, "success");
	calldata_free(&cd);
	return ok;
}

} // namespace

void websocket_vendor_register()
{
	proc_handler_t *ph = find_websocket_ph();
	if (!ph) {
		adiff_log(LOG_INFO, "obs-websocket not found: the %s vendor requests are not available",
			  kWebsocketVendorName);
		return;
	}
	calldata_t cd;
	calldata_init(&cd);
	calldata_set_string(&cd, "name", kWebsocketVendorName);
	proc_handler_call(ph, "vendor_register", &cd);
	void *vendor = calldata_ptr(&cd, "vendor");
	calldata_free(&cd);
	if (!vendor) {
		adiff_log(LOG_WARNING, "obs-websocket refused the vendor '%s'", kWebsocketVendorName);
		return;
	}
	bool all = true;
	all &= register_request(ph, vendor, "generate", request_generate);
	all &= register_request(ph, vendor, "cancel", request_cancel);
	all &= register_request(ph, vendor, "get_status", request_get_status);
	all &= register_request(ph, vendor, "list_clips", request_list_clips);
	all &= register_show_requests(ph, vendor, register_request); // setlist hook
	{
		std::lock_guard<std::mutex> lock(g_mutex);
		g_ws_ph = ph;
		g_vendor = vendor;
	}
	adiff_log(all ? LOG_INFO : LOG_WARNING, "obs-websocket vendor '%s' registered%s", kWebsocketVendorName,
		  all ? "" : " (some requests were refused)");
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
	obs_data_t *event_data = obs_data_create_from_json(data.dump().c_str());
	calldata_t cd;
	calldata_init(&cd);
	calldata_set_ptr(&cd, "vendor", g_vendor);
	calldata_set_string(&cd, "type", type);
	calldata_set_ptr(&cd, "data", event_data); // obs-websocket serialises it before returning
	proc_handler_call(g_ws_ph, "vendor_event_emit", &cd);
	calldata_free(&cd);
	obs_data_release(event_data);
}

} // namespace adiff
