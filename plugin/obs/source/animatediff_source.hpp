// The AnimateDiff source: state in one struct, graphics only in tick/render, generation on the
// Generator's own thread, decoding on the ClipPlayer's own thread.
#pragma once

#include "obs/render/clip_player.hpp"
#include "obs/control/live_control.hpp"
#include "obs/control/rotation_control.hpp" // setlist hook
#include "obs/control/setlist_control.hpp"  // setlist hook
#include "core/clips/clip_owners.hpp"
#include "core/clips/clip_store.hpp"
#include "core/generation/generator.hpp"
#include "core/generation/model_version_lookup.hpp" // setlist hook
#include "core/status/status.hpp"

#include <obs-module.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

namespace adiff {

// Where a trigger came from: the panel and hotkeys are a person; scripts and websocket are automation
// (rate-limited so a chat flood cannot spend the user's credits).
enum class TriggerOrigin { Panel, Hotkey, Script, WebSocket, AutoRefresh };

struct TriggerResult {
	bool started = false;
	int64_t seed = 0; // started: the seed sent (a random one already picked), for a chat bot to announce
	ErrorCode error = ErrorCode::None;
	std::string detail;  // e.g. the invalid field
	std::string message; // localised, ready for a status line or an error response
};

class AnimateDiffSource {
public:
	AnimateDiffSource(obs_data_t *settings, obs_source_t *source);
	~AnimateDiffSource();

	void update(obs_data_t *settings);
	obs_properties_t *properties();
	void tick(float seconds);
	void render();
	uint32_t width() const { return player_.width(); }
	uint32_t height() const { return player_.height(); }

	// Start a generation from the current settings (plus optional model-input overrides, not saved: the
	// raw JSON object of a script or websocket request, checked by core/model_overrides).
	TriggerResult generate(TriggerOrigin origin, const nlohmann::json *overrides = nullptr);
	void cancel();

	Status generation_status() const;
	std::vector<ClipRecord> history() const;
	std::string status_line() const; // the panel's status text, localised
	ClipPlayer &player() { return player_; }
	obs_source_t *source() const { return source_; }
	LiveControl &live() { return live_; } // activate/deactivate callbacks
	// setlist hooks: the show controls (obs/control/show_actions.cpp) and the clip on screen.
	SetlistControl &setlist() { return setlist_; }
	const SetlistControl &setlist() const { return setlist_; }
	RotationControl &rotation() { return rotation_; }
	std::string playing_clip() const;
	void refresh_status() { refresh_properties(true); }

private:
	TriggerResult start_generation(TriggerOrigin origin, const nlohmann::json *overrides); // setlist hook
	void on_generation_status(const Status &status);
	void on_clip_ready(const Status &status);
	void on_clip_loaded(const ClipLoadEvent &event);
	void save_token_from_settings(obs_data_t *settings);
	void set_note(const std::string &note);
	void refresh_properties(bool force = false);
	bool uses_clip(const std::string &path) const; // listed in the history or playing

	obs_source_t *source_;
	ClipStore clips_;

	mutable std::mutex state_mutex_; // guards the fields below; never held across I/O
	Status status_;
	std::string note_;           // playback / settings notes shown under the status
	std::string requested_clip_; // clip_path last handed to the player
	uint64_t last_refresh_ns_ = 0;
	std::string last_prompt_; // for the history label of the clip being generated
	ClipHistory history_;     // newest first; persisted in the clip_history setting
	int history_max_clips_ = 0;
	int history_max_mb_ = 0;

	// Joins the registry of sources that keep clip files alive (see core/clip_owners.hpp). After the
	// state it reads, so it leaves the registry before that state goes.
	ClipOwnership clip_ownership_;

	LiveControl live_; // rate guard, auto-refresh, signals/events; outlives generator_
	// setlist hooks: prompt list, clip rotation, the session cache of looked-up model versions.
	SetlistControl setlist_;
	RotationControl rotation_;
	std::shared_ptr<ModelVersionCache> versions_ = std::make_shared<ModelVersionCache>();
	ClipPlayer player_;
	// Declared last: destroyed first, so its thread is joined before anything it calls back into goes.
	Generator generator_;
};

void register_animatediff_source();

} // namespace adiff
