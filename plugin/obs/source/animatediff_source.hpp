// The AnimateDiff source: state in one struct, graphics only in tick/render, generation on the
// Generator's own thread, decoding on the ClipPlayer's own thread.
#pragma once

#include "obs/control/live_control.hpp"
#include "obs/control/live_target.hpp"
#include "obs/render/clip_player.hpp"
#include "core/clips/clip_owners.hpp"
#include "core/clips/clip_store.hpp"
#include "core/generation/generator.hpp"
#include "core/generation/model_version_lookup.hpp"
#include "core/status/status.hpp"

#include <obs-module.h>

#include <mutex>
#include <string>

namespace adiff {

struct GenerationInputs;

// The source id OBS saves in scene collections (and obs-websocket reports as inputKind): never change it.
inline constexpr const char *kSourceId = kAnimateDiffSourceId;

class AnimateDiffSource final : public LiveTarget {
public:
	AnimateDiffSource(obs_data_t *settings, obs_source_t *source);
	~AnimateDiffSource();

	void update(obs_data_t *settings);
	void tick(float seconds);
	void render();
	uint32_t width() const { return player_.width(); }
	uint32_t height() const { return player_.height(); }

	// LiveTarget (see control/live_target.hpp).
	TriggerResult generate(TriggerOrigin origin, const nlohmann::json *overrides = nullptr) override;
	void cancel() override;
	Status generation_status() const override;
	std::vector<ClipRecord> history() const override;
	ClipPlayer &player() override { return player_; }
	const ClipPlayer &player() const override { return player_; }

	std::string status_line() const; // the panel's status text, localised
	obs_source_t *source() const { return source_; }
	LiveControl &live() { return live_; } // activate/deactivate callbacks
	SetlistControl &setlist() override { return setlist_; }
	const SetlistControl &setlist() const override { return setlist_; }
	RotationControl &rotation() override { return rotation_; }
	std::string playing_clip() const override;
	void refresh_status() override { refresh_properties(true); }
	obs_source_t *obs_source() const override { return source_; }
	SpendTotals session_spend() const override { return live_.session_spend(); }

private:
	TriggerResult trigger(TriggerOrigin origin, const nlohmann::json *overrides); // checks, then start
	TriggerResult refuse(ErrorCode error, const std::string &detail);             // status, log line, panel
	TriggerResult start_generation(TriggerOrigin origin, const GenerationInputs &inputs);
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
	// The prompt list, the clip rotation and the session cache of looked-up model versions.
	SetlistControl setlist_;
	RotationControl rotation_;
	std::shared_ptr<ModelVersionCache> versions_ = std::make_shared<ModelVersionCache>();
	ClipPlayer player_;
	// Declared last: destroyed first, so its thread is joined before anything it calls back into goes.
	Generator generator_;
};

void register_animatediff_source();

} // namespace adiff
