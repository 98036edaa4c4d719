#include "obs/control/show_actions.hpp"

#include "obs/control/live_target.hpp"
#include "obs/util/plugin_text.hpp"
#include "core/status/status_json.hpp"

#include <obs.hpp>

#include <algorithm>

namespace adiff {
namespace {

std::vector<std::string> history_paths(const LiveTarget &source)
{
	std::vector<std::string> paths;
	for (const ClipRecord &record : source.history())
		paths.push_back(record.path);
	return paths;
}

nlohmann::json refused(const char *key, const char *code)
{
	return error_response(T(key), code);
}

} // namespace

nlohmann::json show_status_json(const LiveTarget &source)
{
	nlohmann::json j = source.setlist().status_json();
	const std::vector<std::string> paths = history_paths(source);
	const auto it = std::find(paths.begin(), paths.end(), source.playing_clip());
	j["clip_index"] = it == paths.end() ? -1 : int(it - paths.begin());
	return j;
}

nlohmann::json setlist_move(LiveTarget &source, const std::string &action, long long index)
{
	PromptSetlist &list = source.setlist().list();
	bool moved = false;
	if (action == "next")
		moved = list.next();
	else if (action == "previous")
		moved = list.previous();
	else if (index >= 0 && index < list.state().count)
		moved = list.set(int(index));
	else if (list.state().mode != SetlistMode::Off)
		return refused("Setlist.BadIndex", "invalid_setting");
	if (!moved)
		return refused("Setlist.Off", "setlist_off");
	source.refresh_status();
	nlohmann::json response = ok_response();
	response.update(show_status_json(source));
	return response;
}

nlohmann::json set_prompt_list(LiveTarget &source, const nlohmann::json &prompts)
{
	if (!prompts.is_array())
		return refused("Setlist.BadPrompts", "invalid_setting");
	std::vector<std::string> list;
	for (const nlohmann::json &item : prompts) {
		if (item.is_string())
			list.push_back(item.get<std::string>());
		else if (item.is_object() && item.contains("value") && item["value"].is_string())
			list.push_back(item["value"].get<std::string>());
		else
			return refused("Setlist.BadPrompts", "invalid_setting");
	}
	OBSDataAutoRelease data = obs_data_create();
	write_prompt_list(data, list);
	obs_source_update(source.obs_source(), data); // saved like a panel edit
	// libobs runs update() on the next video tick: the answer must already count the new list.
	OBSDataAutoRelease settings = obs_source_get_settings(source.obs_source());
	source.setlist().update(settings);
	nlohmann::json response = ok_response();
	response.update(show_status_json(source));
	return response;
}

nlohmann::json clip_move(LiveTarget &source, const std::string &action, const nlohmann::json &which)
{
	const std::vector<std::string> paths = history_paths(source);
	std::optional<std::string> clip;
	if (action == "next") {
		clip = source.rotation().next(paths, source.playing_clip());
	} else if (action == "previous") {
		clip = source.rotation().previous(paths, source.playing_clip());
	} else if (which.is_number_integer()) {
		const long long index = which.get<long long>();
		if (index >= 0 && index < (long long)paths.size())
			clip = paths[size_t(index)];
	} else if (which.is_string()) {
		// Only a clip of this source's history: a request must not make the source open any file.
		if (std::find(paths.begin(), paths.end(), which.get<std::string>()) != paths.end())
			clip = which.get<std::string>();
	}
	if (!clip)
		return refused(action == "play" ? "Rotate.UnknownClip" : "Rotate.NoClip", "no_clip");
	if (action == "play") {
		source.rotation().clip_started(*clip);
		RotationControl::play(source.obs_source(), *clip);
	}
	nlohmann::json response = ok_response();
	response["clip_path"] = *clip;
	return response;
}

nlohmann::json list_clips_json(const LiveTarget &source)
{
	nlohmann::json response = ok_response();
	response["clips"] = history_to_json(source.history());
	const std::string playing = source.playing_clip();
	for (nlohmann::json &clip : response["clips"])
		clip["playing"] = clip.value("path", std::string()) == playing && !playing.empty();
	return response;
}

namespace {

LiveTarget *self(void *data)
{
	return static_cast<LiveTarget *>(data);
}

void on_setlist_next(void *data, obs_hotkey_id, obs_hotkey_t *, bool pressed)
{
	if (pressed)
		setlist_move(*self(data), "next");
}

void on_setlist_previous(void *data, obs_hotkey_id, obs_hotkey_t *, bool pressed)
{
	if (pressed)
		setlist_move(*self(data), "previous");
}

void on_next_clip(void *data, obs_hotkey_id, obs_hotkey_t *, bool pressed)
{
	if (pressed)
		clip_move(*self(data), "next");
}

void on_previous_clip(void *data, obs_hotkey_id, obs_hotkey_t *, bool pressed)
{
	if (pressed)
		clip_move(*self(data), "previous");
}

} // namespace

void register_show_hotkeys(obs_source_t *s, LiveTarget *source)
{
	// Names are stable (saved in scene collections with the bindings).
	obs_hotkey_register_source(s, "AnimateDiff.SetlistNext", T("Hotkey.SetlistNext"), on_setlist_next, source);
	obs_hotkey_register_source(s, "AnimateDiff.SetlistPrevious", T("Hotkey.SetlistPrevious"), on_setlist_previous,
				   source);
	obs_hotkey_register_source(s, "AnimateDiff.NextClip", T("Hotkey.NextClip"), on_next_clip, source);
	obs_hotkey_register_source(s, "AnimateDiff.PreviousClip", T("Hotkey.PreviousClip"), on_previous_clip, source);
}

} // namespace adiff
