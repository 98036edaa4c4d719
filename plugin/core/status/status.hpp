// What a generation is doing now, as data. Text is made by format_status() with a translation lookup,
// so the same status reads correctly in every locale (the OBS layer passes obs_module_text).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace adiff {

enum class State { Idle, Submitting, Starting, Processing, Downloading, Ready, Failed, Canceled };

enum class ErrorCode {
	None,
	NoToken,          // no token in the token file nor REPLICATE_API_TOKEN
	BadToken,         // 401
	Billing,          // 402
	BadVersion,       // 404 / 422 "Invalid version or not permitted"; detail = server detail
	InvalidInput,     // 422 input validation; detail = field name(s)
	InvalidSetting,   // rejected locally before sending; detail = field name(s)
	EmptyPrompt,      // rejected locally: the prompt has no visible text
	Throttled,        // 429; retry_after_s = wait time
	ServerError,      // 5xx; detail = status code
	Busy,             // Cog 409 "Already running a prediction" or a trigger while one runs
	Network,          // DNS / connect / reset
	Timeout,          // a call or the whole generation took too long
	BadUrl,           // base URL refused (not https, or http to a non-loopback host)
	PredictionFailed, // status "failed": detail = the model's error text
	Canceled,         // canceled by the user (or "aborted" by the server: detail = "aborted")
	OutputMissing,    // succeeded but no usable output url
	OutputExpired,    // data_removed / the file host answered 404/410
	NotAVideo,        // the output is not a video/image the decoder can play
	OutputTooLarge,   // the output exceeds the size cap
	BadResponse,      // malformed JSON / unexpected body from the server
	DiskError,        // the clip could not be written
	Internal,         // anything else; detail says what
	DamagedVideo,     // the output (or a cached clip) does not decode to the end; detail = what failed
	VideoTooLarge,    // the output's frames exceed the size cap; detail = the size and the cap
	// GET /models/{owner}/{name} answered 404 (or has no latest version); detail = the name.
	UnknownModel,
	// 404 from /deployments/{owner}/{name}/predictions; detail = the deployment.
	UnknownDeployment,
};

struct Status {
	State state = State::Idle;
	ErrorCode error = ErrorCode::None;
	std::string detail;          // server detail, field names, model error text (never the token)
	int http_status = 0;         // the HTTP status behind an error, if any
	int retry_after_s = 0;       // Throttled: seconds to wait
	int step = 0, steps = 0;     // denoising bar, "step k/N"
	int frame = 0, frames = 0;   // the second bar, "decoding frames"
	double download = -1;        // 0..1 while downloading, -1 when unknown
	double progress = 0;         // overall 0..1 (for scripts and websocket)
	int64_t seed = 0;            // the seed sent
	bool seed_confirmed = false; // the logs said "Using seed: N" with the same N
	std::string prediction_id;
	double predict_time = -1; // metrics.predict_time in seconds, -1 when unknown
	std::string clip_path;    // Ready: the local file
	bool from_cache = false;  // Ready: served from disk, no prediction made
	// the owner/name:id an `owner/name` setting resolved to; `starting` past the
	// cold-start threshold (core/generation/cold_start.hpp).
	std::string resolved_version;
	bool cold_start = false;
	// The create may have made a prediction whose id never arrived (its answer was cut off, refused or
	// abandoned), so it cannot be canceled from here: the status says so, and where to look
	// (dashboard_url: Replicate's predictions page; empty for a relay, whose dashboard is unknown).
	bool prediction_may_run = false;
	std::string dashboard_url;
};

bool is_final(State state);
const char *state_id(State state);     // "idle", "submitting", ... for JSON and logs
const char *error_id(ErrorCode error); // "no_token", "bad_token", ... for JSON and logs

// Translation lookup: key -> localised template. Templates use {name} placeholders, e.g.
// "Processing: step {step}/{steps}". Unknown keys come back as the key itself (as obs_module_text does).
using Translate = std::function<std::string(const char *key)>;

// One status line for the properties panel.
std::string format_status(const Status &status, const Translate &tr);

} // namespace adiff
