#include "obs/control/live_control.hpp"

#include "obs/util/plugin_log.hpp"
#include "obs/control/source_scripting.hpp"
#include "obs/control/websocket_vendor.hpp"
#include "obs/util/plugin_text.hpp"
#include "core/status/status_json.hpp"
#include "core/util/text_template.hpp"
#include "obs/util/settings_keys.hpp"

#include <obs-module.h>
#include <util/platform.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace adiff {
namespace {

// Scripts and websocket clients drawing a progress bar need a few updates a second, not one per
// log line the server sends.
constexpr uint64_t kProgressIntervalNs = 250'000'000;
// A refresh the generator refused as busy (a race with another trigger) is retried this soon.
constexpr uint64_t kBusyRetryNs = kNsPerSecond;

bool is_automation(TriggerOrigin origin)
{
	switch (origin) {
	case TriggerOrigin::Panel:
	case TriggerOrigin::Hotkey:
		return false;
	case TriggerOrigin::Script:
	case TriggerOrigin::WebSocket:
	case TriggerOrigin::AutoRefresh:
		return true;
	}
	return true;
}

} // namespace

bool in_flight(const Status &status)
{
	return status.state != State::Idle && !is_final(status.state);
}

const char *trigger_origin_id(TriggerOrigin origin)
{
	switch (origin) {
	case TriggerOrigin::Panel:
		return "panel";
	case TriggerOrigin::Hotkey:
		return "hotkey";
	case TriggerOrigin::Script:
		return "script";
	case TriggerOrigin::WebSocket:
		return "websocket";
	case TriggerOrigin::AutoRefresh:
		return "auto_refresh";
	}
	return "unknown";
}

LiveControl::LiveControl(obs_source_t *source, Trigger trigger, SmoothingFn smoothing)
	: source_(source),
	  trigger_(std::move(trigger)),
	  smoothing_(std::move(smoothing)),
	  progress_throttle_(kProgressIntervalNs)
{
}

void LiveControl::update(obs_data_t *settings)
{
	const long long minutes = std::max(0LL, obs_data_get_int(settings, keys::kRefreshMinutes));
	const long long min_interval_s = std::max(0LL, obs_data_get_int(settings, keys::kMinTriggerIntervalS));
	const bool on_activate = obs_data_get_bool(settings, keys::kGenerateOnActivate);
	std::lock_guard<std::mutex> lock(mutex_);
	auto_refresh_.configure(uint64_t(minutes) * 60 * kNsPerSecond, on_activate);
	trigger_guard_.set_min_interval_ns(uint64_t(min_interval_s) * kNsPerSecond);
}

void LiveControl::activate()
{
	std::lock_guard<std::mutex> lock(mutex_);
	auto_refresh_.activate(os_gettime_ns());
}

void LiveControl::deactivate()
{
	std::lock_guard<std::mutex> lock(mutex_);
	auto_refresh_.deactivate();
}

bool LiveControl::throttled(TriggerOrigin origin, TriggerResult *refused)
{
	if (!is_automation(origin))
		return false;
	int wait_s = 0;
	int interval_s = 0;
	{
		std::lock_guard<std::mutex> lock(mutex_);
		wait_s = trigger_guard_.wait_seconds(os_gettime_ns());
		interval_s = int(trigger_guard_.min_interval_ns() / kNsPerSecond);
	}
	if (wait_s == 0)
		return false;
	*refused = TriggerResult();
	refused->error = ErrorCode::Throttled;
	refused->detail = std::to_string(wait_s);
	refused->message = format_template(T("Live.RateLimited"), {{"seconds", std::to_string(wait_s)},
								   {"interval", std::to_string(interval_s)}});
	adiff_source_log(source_, LOG_INFO, "%s trigger refused by the rate guard: wait %d s",
			 trigger_origin_id(origin), wait_s);
	return true;
}

void LiveControl::before_start(TriggerOrigin origin)
{
	const uint64_t now = os_gettime_ns();
	std::lock_guard<std::mutex> lock(mutex_);
	if (is_automation(origin))
		trigger_guard_.record(now);
	auto_refresh_.generation_started(now);
	started_pending_ = true;
	pending_origin_ = trigger_origin_id(origin);
}

void LiveControl::start_refused()
{
	std::lock_guard<std::mutex> lock(mutex_);
	started_pending_ = false;
}

void LiveControl::on_status(const Status &status)
{
	if (status.state == State::Ready && !status.from_cache)
		spend_.add(status.prediction_id, status.predict_time);
	if (closed_)
		return;
	bool started = false;
	bool progress = false;
	const char *origin = "";
	{
		std::lock_guard<std::mutex> lock(mutex_);
		if (started_pending_ && status.state != State::Idle) {
			started = true;
			origin = pending_origin_;
			started_pending_ = false;
			progress_throttle_.reset();
		}
		if (in_flight(status))
			progress = progress_throttle_.try_pass(os_gettime_ns());
	}
	if (!started && !progress && !is_final(status.state))
		return;

	const std::string message = format_status(status, translate);
	nlohmann::json payload = status_to_json(status, message);
	payload["inputName"] = obs_source_get_name(source_);
	if (smoothing_)
		payload.update(smoothing_()); // as get_status has it
	auto send = [&](const char *event_type, nlohmann::json data) {
		std::lock_guard<std::mutex> lock(event_mutex_);
		data["sequence"] = ++event_sequence_;
		websocket_emit_event(event_type, data);
	};

	if (started) {
		nlohmann::json event = payload;
		event["origin"] = origin;
		emit_generation_started(source_);
		send("GenerationStarted", event);
	} else if (progress) {
		// Not on the started status itself: GenerationStarted already carries that progress.
		emit_generation_progress(source_, payload["progress"].get<double>(), message);
		send("GenerationProgress", payload);
	}
	if (status.state == State::Ready) {
		emit_generation_finished(source_, status.clip_path, status.seed);
		send("GenerationFinished", payload);
	} else if (status.state == State::Failed || status.state == State::Canceled) {
		// Canceled is reported as a failure with its own message and error "canceled": scripts
		// only need to know the generation ended without a clip.
		emit_generation_failed(source_, message);
		send("GenerationFailed", payload);
	}
}

void LiveControl::on_smoothing(const nlohmann::json &state)
{
	if (closed_)
		return;
	nlohmann::json payload = state;
	payload["inputName"] = obs_source_get_name(source_);
	emit_smoothing_changed(source_, state);
	std::lock_guard<std::mutex> lock(event_mutex_);
	payload["sequence"] = ++event_sequence_;
	websocket_emit_event("SmoothingChanged", payload);
}

void LiveControl::tick(bool busy)
{
	const uint64_t now = os_gettime_ns();
	{
		std::lock_guard<std::mutex> lock(mutex_);
		if (!auto_refresh_.due(now, busy))
			return;
	}
	// The seed setting decides the variety: 0 (random) gives a new clip every time; a fixed seed
	// makes the same request again, which the generator serves from the clip on disk (no credits).
	const TriggerResult result = trigger_(TriggerOrigin::AutoRefresh);
	if (result.started)
		return; // before_start() already restarted the interval
	uint64_t retry_ns = 0;
	if (result.error == ErrorCode::Throttled)
		retry_ns = uint64_t(std::max(1, std::atoi(result.detail.c_str()))) * kNsPerSecond;
	else if (result.error == ErrorCode::Busy)
		retry_ns = kBusyRetryNs;
	std::lock_guard<std::mutex> lock(mutex_);
	auto_refresh_.trigger_refused(now, retry_ns);
}

void set_live_defaults(obs_data_t *settings)
{
	obs_data_set_default_int(settings, keys::kRefreshMinutes, kDefaultRefreshMinutes);
	obs_data_set_default_bool(settings, keys::kGenerateOnActivate, false);
	obs_data_set_default_int(settings, keys::kMinTriggerIntervalS, kDefaultMinTriggerIntervalS);
}

void add_live_properties(obs_properties_t *props)
{
	obs_properties_t *group = obs_properties_create();
	obs_property_t *p = obs_properties_add_int(group, keys::kRefreshMinutes, T("Live.RefreshMinutes"), 0, 1440, 1);
	obs_property_int_set_suffix(p, " min");
	obs_property_set_long_description(p, T("Live.RefreshMinutes.Description"));
	p = obs_properties_add_bool(group, keys::kGenerateOnActivate, T("Live.GenerateOnActivate"));
	obs_property_set_long_description(p, T("Live.GenerateOnActivate.Description"));
	p = obs_properties_add_int(group, keys::kMinTriggerIntervalS, T("Live.MinTriggerInterval"), 0, 3600, 1);
	obs_property_int_set_suffix(p, " s");
	obs_property_set_long_description(p, T("Live.MinTriggerInterval.Description"));
	obs_properties_add_group(props, "group_live", T("Live.Group"), OBS_GROUP_NORMAL, group);
}

} // namespace adiff
