#include "obs/source/animatediff_source.hpp"

#include "obs/util/module_afterlife.hpp"
#include "obs/util/plugin_log.hpp"
#include "obs/util/plugin_paths.hpp"
#include "obs/render/smoothing_status.hpp"
#include "obs/control/show_actions.hpp"
#include "obs/source/decode_messages.hpp"
#include "obs/util/settings_keys.hpp"
#include "obs/source/source_settings.hpp"
#include "obs/source/source_token.hpp"
#include "obs/util/plugin_text.hpp"
#include "core/config/request_body.hpp"
#include "core/util/text_template.hpp"

#include <obs.hpp>

#include <util/platform.h>

#include <algorithm>
#include <filesystem>

namespace adiff {
namespace {

// An open properties window re-reads the status at most this often while a generation moves.
constexpr uint64_t kRefreshIntervalNs = 250'000'000;

// The source's name as OBS shows it now (private sources may have none).
std::string source_name(obs_source_t *source)
{
	const char *name = obs_source_get_name(source);
	return name ? name : "";
}

GeneratorConfig generator_config(obs_source_t *source)
{
	GeneratorConfig config;
	config.clip_dir = clip_dir();
	config.log_name = source_name(source); // "[obs-animatediff: 'name'] ..." on its lines
	return config;
}

} // namespace

AnimateDiffSource::AnimateDiffSource(obs_data_t *settings, obs_source_t *source)
	: source_(source),
	  clips_(clip_dir()),
	  clip_ownership_(ClipOwners::instance(), clips_, [this](const std::string &path) { return uses_clip(path); }),
	  live_(
		  source, [this](TriggerOrigin origin) { return generate(origin); },
		  [this] { return smoothing_json(player_.smoothing_state()); }),
	  rotation_(source),
	  player_([this](const ClipLoadEvent &event) { on_clip_loaded(event); }),
	  generator_(
		  generator_config(source), [this](const Status &status) { on_generation_status(status); },
		  &module_afterlife())
{
	history_ = ClipHistory::from_json(json_array_setting(settings, keys::kClipHistory));
	update(settings);
}

AnimateDiffSource::~AnimateDiffSource()
{
	live_.close(); // no signals/events while tearing down
}

void AnimateDiffSource::update(obs_data_t *settings)
{
	save_token_from_settings(settings);
	load_saved_token(obs_data_get_string(settings, keys::kApiBaseUrl)); // lookups read memory only
	live_.update(settings);
	setlist_.update(settings);
	rotation_.update(settings);
	player_.set_options(read_playback(settings));
	{
		std::lock_guard<std::mutex> lock(state_mutex_);
		history_max_clips_ = int(obs_data_get_int(settings, keys::kHistoryMaxClips));
		history_max_mb_ = int(obs_data_get_int(settings, keys::kHistoryMaxMb));
	}

	const std::string clip_path = obs_data_get_string(settings, keys::kClipPath);
	bool load = false;
	{
		std::lock_guard<std::mutex> lock(state_mutex_);
		if (clip_path != requested_clip_) {
			requested_clip_ = clip_path;
			load = !clip_path.empty();
		}
	}
	if (!load)
		return;
	rotation_.clip_started(clip_path); // a new or picked clip gets its full interval
	// A clip named in the settings but gone from disk (moved, deleted, another machine) is not an
	// error dialog: the placeholder or the current clip stays, and the status says what happened.
	std::error_code ec;
	if (!std::filesystem::is_regular_file(clip_path, ec)) {
		adiff_source_log(source_, LOG_WARNING, "clip file not found: %s", clip_path.c_str());
		set_note(format_template(T("Note.ClipMissing"), {{"path", clip_path}}));
		return;
	}
	player_.load(clip_path);
}

void AnimateDiffSource::save_token_from_settings(obs_data_t *settings)
{
	switch (move_typed_token(source_, settings)) {
	case TokenMove::Saved:
		set_note(T("Note.TokenSaved"));
		break;
	case TokenMove::Failed:
		set_note(T("Note.TokenSaveFailed"));
		break;
	case TokenMove::NothingTyped:
		break;
	}
}

void AnimateDiffSource::tick(float seconds)
{
	player_.tick(seconds, obs_source_showing(source_));
	live_.tick(in_flight(generation_status())); // auto-refresh while active
	// Clip rotation: never a generation.
	if (rotation_.enabled()) {
		std::vector<std::string> paths;
		for (const ClipRecord &record : history())
			paths.push_back(record.path);
		for (const std::string &path : rotation_.tick(obs_source_showing(source_), paths, playing_clip()))
			set_note(format_template(T("Note.RotationSkipped"), {{"path", path}}));
	}
}

void AnimateDiffSource::render()
{
	player_.render();
}

// Without a prompt override, a trigger takes the setlist's next prompt. The entry is
// recorded before the start (a clip served from disk can be ready before start() returns) and given
// back when the trigger is refused, so only a generation that made a clip moves the list.
TriggerResult AnimateDiffSource::generate(TriggerOrigin origin, const nlohmann::json *overrides)
{
	nlohmann::json with_setlist;
	const int index = setlist_.overrides_for(overrides, &with_setlist);
	const int previous = setlist_.begin(index);
	TriggerResult result = trigger(origin, index >= 0 ? &with_setlist : overrides);
	if (!result.started)
		setlist_.refused(previous);
	return result;
}

// The checks before a generation starts (rate limit, busy, settings and overrides); nothing is sent on a
// refusal.
TriggerResult AnimateDiffSource::trigger(TriggerOrigin origin, const nlohmann::json *overrides)
{
	// automation (scripts, obs-websocket, auto-refresh) is rate-limited; panel and hotkeys are not.
	TriggerResult throttled;
	if (live_.throttled(origin, &throttled))
		return throttled;
	if (generator_.busy())
		return refuse(ErrorCode::Busy, "");

	OBSDataAutoRelease settings = obs_source_get_settings(source_);
	GenerationInputs inputs;
	const InputProblem problem = read_generation_inputs(settings, overrides, &inputs);
	if (problem.error != ErrorCode::None)
		return refuse(problem.error, problem.detail);
	return start_generation(origin, inputs);
}

TriggerResult AnimateDiffSource::refuse(ErrorCode error, const std::string &detail)
{
	Status status;
	status.state = State::Failed;
	status.error = error;
	status.detail = detail;
	TriggerResult result;
	result.error = error;
	result.detail = detail;
	result.message = format_status(status, translate);
	adiff_source_log(source_, LOG_WARNING, "generation not started: %s %s", error_id(error), detail.c_str());
	if (error != ErrorCode::Busy) {
		// Show why in the panel, but keep a running generation's status when merely busy.
		std::lock_guard<std::mutex> lock(state_mutex_);
		status_ = status;
	}
	refresh_properties();
	return result;
}

TriggerResult AnimateDiffSource::start_generation(TriggerOrigin origin, const GenerationInputs &inputs)
{
	GenerationRequest request;
	request.backend = inputs.backend;
	request.params = inputs.params;
	request.seed_was_random = request.params.seed == 0;
	request.params.seed = resolve_seed(request.params.seed);
	request.version_cache = versions_; // owner/name -> latest version, for the session
	{
		std::lock_guard<std::mutex> lock(state_mutex_);
		last_prompt_ = request.params.prompt;
		// From here get_status reports the new generation, never the previous one's end
		// (a script polling for "ready" right after a trigger must not see the last clip's status).
		status_ = Status();
		status_.state = State::Submitting;
		status_.seed = request.params.seed;
	}
	generator_.set_log_name(source_name(source_)); // the name now (the source may have been renamed)
	live_.before_start(origin);                    // rate guard, auto-refresh interval, generation_started
	if (generator_.start(request) == Generator::StartResult::Busy) {
		live_.start_refused();
		return refuse(ErrorCode::Busy, "");
	}
	adiff_source_log(source_, LOG_INFO, "generation started (%s, seed %lld%s)", backend_id(request.backend.backend),
			 (long long)request.params.seed, request.seed_was_random ? ", random" : "");
	TriggerResult result;
	result.started = true;
	result.seed = request.params.seed;
	return result;
}

void AnimateDiffSource::cancel()
{
	if (!generator_.busy())
		return;
	// The remote cancel needs the prediction id, which a held create may deliver only seconds later:
	// say at once that the cancel is on its way.
	set_note(T("Note.Canceling"));
	generator_.cancel();
	refresh_properties(true);
}

std::vector<ClipRecord> AnimateDiffSource::history() const
{
	std::lock_guard<std::mutex> lock(state_mutex_);
	return history_.records();
}

Status AnimateDiffSource::generation_status() const
{
	std::lock_guard<std::mutex> lock(state_mutex_);
	return status_;
}

std::string AnimateDiffSource::status_line() const
{
	std::lock_guard<std::mutex> lock(state_mutex_);
	std::string line = format_status(status_, translate);
	const std::string setlist_line = setlist_.status_text();
	if (!setlist_line.empty())
		line += "\n" + setlist_line;
	if (!status_.resolved_version.empty())
		line += "\n" + format_template(obs_module_text("Status.ResolvedVersion"),
					       {{"version", status_.resolved_version}});
	if (!note_.empty())
		line += "\n" + note_;
	return line;
}

void AnimateDiffSource::on_generation_status(const Status &status)
{
	// Runs on the generator's thread.
	{
		std::lock_guard<std::mutex> lock(state_mutex_);
		status_ = status;
		if (is_final(status.state) && note_ == T("Note.Canceling"))
			note_.clear();
	}
	setlist_.on_status(status); // a clip made advances the setlist, nothing else does
	if (status.state == State::Ready)
		on_clip_ready(status);
	live_.on_status(status); // signals and obs-websocket events
	refresh_properties(is_final(status.state));
}

void AnimateDiffSource::on_clip_ready(const Status &status)
{
	ClipRecord record;
	record.path = status.clip_path;
	record.created_unix = int64_t(time(nullptr));
	record.seed = status.seed;
	record.prediction_id = status.prediction_id;
	record.predict_time = status.predict_time;

	std::vector<std::string> dropped;
	nlohmann::json history_json;
	{
		std::lock_guard<std::mutex> lock(state_mutex_);
		record.prompt = last_prompt_;
		history_.add(record);
		dropped = history_.drop_over_cap(size_t(history_max_clips_), uint64_t(history_max_mb_) << 20);
		history_json = history_.to_json();
	}
	// Outside our lock: the registry asks every other source, each under its own lock.
	const std::vector<std::string> deleted = clip_ownership_.delete_unused(dropped);
	for (const std::string &path : dropped) {
		const bool gone = std::find(deleted.begin(), deleted.end(), path) != deleted.end();
		adiff_source_log(source_, LOG_INFO, "history cap: %s old clip %s",
				 gone ? "deleted" : "dropped (another source uses it, or not the plugin's own file)",
				 path.c_str());
	}
	// The folder as a whole stays bounded too (removed sources leave their clips behind); this runs on
	// the generator's thread, never on the UI or render thread.
	for (const std::string &path : clip_ownership_.trim_folder(kClipsFolderMaxBytes))
		adiff_source_log(source_, LOG_INFO, "clips folder over %llu MiB: deleted unused clip %s",
				 (unsigned long long)(kClipsFolderMaxBytes >> 20), path.c_str());

	// Persist through obs_source_update so the settings change the same way a panel edit would;
	// the update callback then hands the new clip_path to the player (which crossfades it in).
	nlohmann::json patch = {{keys::kClipPath, status.clip_path}, {keys::kClipHistory, history_json}};
	OBSDataAutoRelease data = obs_data_create_from_json(patch.dump().c_str());
	obs_source_update(source_, data);
	adiff_source_log(source_, LOG_INFO, "clip ready: %s (seed %lld, prediction %s%s)", status.clip_path.c_str(),
			 (long long)status.seed, status.prediction_id.c_str(), status.from_cache ? ", from disk" : "");
}

void AnimateDiffSource::on_clip_loaded(const ClipLoadEvent &event)
{
	// Runs on the player's decode thread.
	if (event.error == DecodeError::Canceled)
		return; // superseded by a newer clip: nothing to tell the user
	// Smoothing (issue 9): a note only when it could not run as asked.
	if (event.kind == ClipLoadEvent::Kind::Smoothed) {
		if (const std::string note = smoothing_note(event); !note.empty())
			set_note(note);
		refresh_properties(true);
		live_.on_smoothing(smoothed_event_json(event)); // smoothing_changed, SmoothingChanged
		return;
	}
	if (!event.ok()) {
		rotation_.clip_failed(event.path); // rotation skips it from now on
		adiff_source_log(source_, LOG_WARNING, "could not play %s: %s (%s)", event.path.c_str(),
				 decode_error_id(event.error), event.detail.c_str());
		const std::string reason =
			format_template(T(decode_error_key(event.error)), {{"detail", event.detail}});
		set_note(format_template(T("Note.ClipUnplayable"), {{"path", event.path}, {"reason", reason}}));
	} else if (event.downscaled) {
		adiff_source_log(source_, LOG_INFO, "%s scaled from %dx%d to %dx%d to fit the memory budget",
				 event.path.c_str(), event.source_width, event.source_height, event.width,
				 event.height);
		set_note(format_template(T("Note.ClipDownscaled"), {{"width", std::to_string(event.width)},
								    {"height", std::to_string(event.height)}}));
	} else {
		adiff_source_log(source_, LOG_INFO, "playing %s (%dx%d, %d frames, %.2f s)", event.path.c_str(),
				 event.width, event.height, event.frames, double(event.duration_us) / 1e6);
		set_note("");
	}
	refresh_properties(true);
}

// The clip_path setting, not requested_clip_: libobs defers update() of a video source to
// the next video tick, and a "next clip" pressed in between must step from the clip just chosen.
std::string AnimateDiffSource::playing_clip() const
{
	OBSDataAutoRelease settings = obs_source_get_settings(source_);
	return obs_data_get_string(settings, keys::kClipPath);
}

bool AnimateDiffSource::uses_clip(const std::string &path) const
{
	std::lock_guard<std::mutex> lock(state_mutex_);
	if (requested_clip_ == path)
		return true;
	const std::vector<ClipRecord> &records = history_.records();
	return std::any_of(records.begin(), records.end(), [&](const ClipRecord &r) { return r.path == path; });
}

void AnimateDiffSource::set_note(const std::string &note)
{
	std::lock_guard<std::mutex> lock(state_mutex_);
	note_ = note;
}

void AnimateDiffSource::refresh_properties(bool force)
{
	const uint64_t now = os_gettime_ns();
	{
		std::lock_guard<std::mutex> lock(state_mutex_);
		if (!force && now - last_refresh_ns_ < kRefreshIntervalNs)
			return;
		last_refresh_ns_ = now;
	}
	obs_source_update_properties(source_);
}

} // namespace adiff
