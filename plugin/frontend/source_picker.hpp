// Which AnimateDiff source the dock shows: a selector with every one of the scene collection by name,
// kept current by libobs's global source signals (create, destroy, rename, remove), and following the
// source selected in OBS's Sources list (the current scene's item_select, as OBS's media controls do).
#pragma once

#include "frontend/ui_post.hpp"

#include <QStringList>
#include <QWidget>

#include <obs.h>

#include <functional>
#include <memory>

class QComboBox;

namespace adiff {

class SourcePicker : public QWidget {
	Q_OBJECT

public:
	explicit SourcePicker(QWidget *parent = nullptr);
	~SourcePicker() override;

	// Reconnects to the scene the Sources list shows (studio mode: the preview) and follows its selection.
	void follow_current_scene();
	// Lets go of everything libobs (exit, or a scene collection being unloaded).
	void release();
	void forget_scene(); // the scene's selection is no longer followed (until follow_current_scene)
	void refresh();      // the list, from the sources libobs has now
	QString current() const;
	// The name of the source the dock shows now (read live: a rename must not look like a removal).
	void set_shown_name(std::function<QString()> shown) { shown_name_ = std::move(shown); }
	bool empty() const;

Q_SIGNALS:
	void chosen(const QString &name); // empty: none

private:
	static void on_sources_changed(void *data, calldata_t *cd);
	static void on_item_select(void *data, calldata_t *cd);
	void choose(const QString &name);
	QStringList reload_names(); // the combo's names, keeping the shown one; no signal
	void schedule_refresh();

	QComboBox *combo_;
	std::function<QString()> shown_name_;
	std::shared_ptr<UiPost> post_;
	obs_source_t *scene_ = nullptr; // a reference while its item_select is connected
	bool refresh_pending_ = false;
	bool global_connected_ = false;
};

} // namespace adiff
