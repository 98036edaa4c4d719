// Every settings key of the source, in one place. They are a public contract: scripts, obs-websocket and
// saved scene collections use these exact names. Never rename one (tests/obs/settings_contract_test.cpp
// holds the list a release has promised, and the README's settings table documents each).
#pragma once

namespace adiff::keys {

// Model inputs, named as in the API.
inline constexpr const char *kPrompt = "prompt";
inline constexpr const char *kNegativePrompt = "n_prompt";
inline constexpr const char *kPath = "path";
inline constexpr const char *kMotionModule = "motion_module";
inline constexpr const char *kSteps = "steps";
inline constexpr const char *kGuidanceScale = "guidance_scale";
inline constexpr const char *kSeed = "seed";

// Backend.
inline constexpr const char *kBackend = "backend";
inline constexpr const char *kApiBaseUrl = "api_base_url";
inline constexpr const char *kModelVersion = "model_version";
inline constexpr const char *kApiToken = "api_token";    // write-only: moved to the token file at once
inline constexpr const char *kDeployment = "deployment"; // owner/name of a Replicate deployment, or empty

// Actions and status (buttons and read-only lines; nothing stored).
inline constexpr const char *kGenerate = "generate";
inline constexpr const char *kCancel = "cancel";
inline constexpr const char *kStatus = "status";
inline constexpr const char *kTokenStatus = "token_status";

// Playback.
inline constexpr const char *kLoopMode = "loop_mode"; // kLoopModeLoop | kLoopModePingPong
inline constexpr const char *kLoopModeLoop = "loop";
inline constexpr const char *kLoopModePingPong = "pingpong";
inline constexpr const char *kSpeed = "speed"; // percent 10..400
inline constexpr const char *kCrossfadeMs = "crossfade_ms";
inline constexpr const char *kPauseWhenHidden = "pause_when_hidden";
inline constexpr const char *kMemoryBudgetMb = "memory_budget_mb";
inline constexpr const char *kSmoothing = "smoothing";  // "off" | "blend" | "motion"
inline constexpr const char *kSmoothFps = "smooth_fps"; // 15..120; default OBS's rate, at most 60
inline constexpr const char *kClipPath = "clip_path";
inline constexpr const char *kHistory = "history";          // list: pick a clip to play it
inline constexpr const char *kClipHistory = "clip_history"; // array of records (stored)
inline constexpr const char *kHistoryMaxClips = "history_max_clips";
inline constexpr const char *kHistoryMaxMb = "history_max_mb";

// Live control: automation and its guard.
inline constexpr const char *kRefreshMinutes = "refresh_minutes";             // int, 0 = off
inline constexpr const char *kGenerateOnActivate = "generate_on_activate";    // bool
inline constexpr const char *kMinTriggerIntervalS = "min_trigger_interval_s"; // int, 0 = off

// Running a show: the prompt setlist and clip rotation.
inline constexpr const char *kPromptList = "prompt_list";          // editable list of prompts
inline constexpr const char *kPromptListMode = "prompt_list_mode"; // "off" | "sequential" | "shuffle"
inline constexpr const char *kRotateSeconds = "rotate_seconds";    // int, 0 = off
inline constexpr const char *kRotateOrder = "rotate_order";        // "sequential" | "shuffle"

} // namespace adiff::keys
