// The live control dock's widget: the source selector, the generation controls, the clips strip and the
// setlist, for one AnimateDiff source at a time. It reads the source through control's JSON (get_status,
// list_clips, show status: in memory, never disk or network) and acts through the same show actions as
// hotkeys and vendor requests. Updates come as queued signals (SourceLink) plus a 1 s tick for the time
// so far and the playing mark.
#pragma once

#include "core/live/control_panel_model.hpp"

#include <QWidget>

#include <memory>
#include <string>

class QLabel;
class QStackedWidget;
class QTimer;

namespace adiff {

class ClipsStrip;
class GeneratePanel;
class SetlistPanel;
class SourceLink;
class SourcePicker;
class ThumbnailCache;
class UiPost;

class ControlDock : public QWidget {
	Q_OBJECT

public:
	explicit ControlDock(QWidget *parent = nullptr);
	~ControlDock() override;

	// Frontend events (dock_module.cpp), on the UI thread.
	void on_collection_loaded(); // finished loading, or a collection changed: list and selection again
	void on_scene_changed();
	void suspend();         // a collection is about to be unloaded: let go of its sources
	void release_sources(); // exit: let go of every source, for good

private:
	void build_layout();
	void connect_parts();
	void show_source(const QString &name);
	void on_switched();
	void refresh_status();
	void load_settings();
	void generate();
	void play(const QString &path);
	void set_rotation(bool on);
	void set_mode(const QString &mode);
	void set_prompts(const QStringList &prompts);
	void update_pictures();                          // asks the cache for the tiles still waiting
	void on_thumbnail(const std::string &clip_path); // the cache made (or gave up on) one

	SourcePicker *picker_;
	SourceLink *link_;
	QStackedWidget *pages_; // the controls, or the "add a source" text
	QLabel *empty_;
	GeneratePanel *generate_;
	ClipsStrip *clips_;
	SetlistPanel *setlist_;
	QTimer *tick_;
	GenerationClock clock_;
	int rotate_seconds_on_ = 30; // what "rotation on" restores (the source's last interval)
	bool released_ = false;
	// Thumbnails are made on the cache's worker; its ready callback posts here (closed before the cache
	// goes, and the cache joins its worker before it is gone).
	std::shared_ptr<UiPost> thumbs_post_;
	std::unique_ptr<ThumbnailCache> thumbs_;
};

} // namespace adiff
