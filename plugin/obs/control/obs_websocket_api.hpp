// obs-websocket's plugin API, written here because Debian (and most distributions) package obs-websocket
// without its header. This file owns the whole calldata protocol; nothing else in the plugin names one
// of these procs. The protocol, as obs-websocket 5.x implements it (its lib/obs-websocket-api.h,
// OBS_WEBSOCKET_API_VERSION 2 from obs-websocket 5.1, shipped with OBS 29):
//
//   On OBS's global proc handler (obs_get_proc_handler()):
//     bool obs_websocket_api_get_ph(out ptr ph)      ph: obs-websocket's own proc handler
//   On that handler:
//     bool get_api_version(out int version)          missing in API version 1
//     bool call_request(in string request_type, in string request_data, out ptr response)
//          request_data: the request's JSON text (may be absent); response: a bzalloc'd
//          struct { unsigned int status_code; char *comment; char *response_data; } whose strings
//          and itself the caller frees with bfree (response_data is JSON text)
//     bool vendor_register(in string name, out ptr vendor)           vendor: opaque; fails if taken
//     bool vendor_request_register(in ptr vendor, in string type, in ptr callback)
//          callback: a struct { void (*callback)(obs_data_t *request, obs_data_t *response, void *priv);
//          void *priv_data; } copied by value during the call
//     bool vendor_event_emit(in ptr vendor, in string type, in ptr data)
//          data: obs_data_t *, serialised before the call returns (its refcount is untouched)
//   "success" (bool) in the calldata says whether a proc did its job.
//
// Vendors register from obs_module_post_load: obs-websocket creates its API during its own load.
// Header-only so the libobs tests drive the real obs-websocket through exactly this code.
#pragma once

#include <obs.h>

#include <optional>
#include <string>

namespace adiff::obsws {

using RequestCallback = void (*)(obs_data_t *request_data, obs_data_t *response_data, void *priv_data);

// The layout obs-websocket copies in vendor_request_register (obs_websocket_request_callback).
struct RequestCallbackEntry {
	RequestCallback callback;
	void *priv_data;
};

// The layout call_request hands back (obs_websocket_request_response).
struct RawRequestResponse {
	unsigned int status_code;
	char *comment;
	char *response_data;
};

struct RequestResponse {
	unsigned int status_code = 0; // obs-websocket's RequestStatus: 100 = success
	std::string comment;
	std::string response_data; // JSON object text, empty when the request returned no data
};

// RAII for one calldata_t.
class CallData {
public:
	CallData() { calldata_init(&cd_); }
	~CallData() { calldata_free(&cd_); }
	CallData(const CallData &) = delete;
	CallData &operator=(const CallData &) = delete;
	calldata_t *get() { return &cd_; }
	bool success() { return calldata_bool(&cd_, "success"); }

private:
	calldata_t cd_;
};

// obs-websocket's proc handler, or null when obs-websocket is not loaded.
inline proc_handler_t *get_ph()
{
	CallData cd;
	if (!proc_handler_call(obs_get_proc_handler(), "obs_websocket_api_get_ph", cd.get()))
		return nullptr;
	return static_cast<proc_handler_t *>(calldata_ptr(cd.get(), "ph"));
}

inline long long api_version(proc_handler_t *ph)
{
	CallData cd;
	if (!proc_handler_call(ph, "get_api_version", cd.get()))
		return 1; // API version 1 had no get_api_version
	return calldata_int(cd.get(), "version");
}

// The vendor handle, or null when the name is taken (or obs-websocket refused it).
inline void *register_vendor(proc_handler_t *ph, const char *name)
{
	CallData cd;
	calldata_set_string(cd.get(), "name", name);
	proc_handler_call(ph, "vendor_register", cd.get());
	return calldata_ptr(cd.get(), "vendor");
}

inline bool register_request(proc_handler_t *ph, void *vendor, const char *type, RequestCallback callback,
			     void *priv_data)
{
	RequestCallbackEntry entry = {callback, priv_data};
	CallData cd;
	calldata_set_ptr(cd.get(), "vendor", vendor);
	calldata_set_string(cd.get(), "type", type);
	calldata_set_ptr(cd.get(), "callback", &entry);
	proc_handler_call(ph, "vendor_request_register", cd.get());
	return cd.success();
}

inline bool emit_event(proc_handler_t *ph, void *vendor, const char *type, obs_data_t *data)
{
	CallData cd;
	calldata_set_ptr(cd.get(), "vendor", vendor);
	calldata_set_string(cd.get(), "type", type);
	calldata_set_ptr(cd.get(), "data", data);
	proc_handler_call(ph, "vendor_event_emit", cd.get());
	return cd.success();
}

// Runs one obs-websocket request in-process (API version 2). nullopt when the call itself failed.
inline std::optional<RequestResponse> call_request(proc_handler_t *ph, const char *request_type,
						   const std::string &request_json)
{
	CallData cd;
	calldata_set_string(cd.get(), "request_type", request_type);
	calldata_set_string(cd.get(), "request_data", request_json.c_str());
	if (!proc_handler_call(ph, "call_request", cd.get()))
		return std::nullopt;
	auto *raw = static_cast<RawRequestResponse *>(calldata_ptr(cd.get(), "response"));
	if (!raw)
		return std::nullopt;
	RequestResponse response;
	response.status_code = raw->status_code;
	response.comment = raw->comment ? raw->comment : "";
	response.response_data = raw->response_data ? raw->response_data : "";
	bfree(raw->comment);
	bfree(raw->response_data);
	bfree(raw);
	return response;
}

} // namespace adiff::obsws
