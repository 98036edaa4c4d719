// The prompt setlist in the dock: the list with the next entry marked (and the one that made the clip on
// screen), previous/next, the mode, and editing (add, remove, edit in place). Moves and edits go through
// ControlDock to the same show actions as hotkeys and vendor requests.
#pragma once

#include "core/live/control_panel_model.hpp"

#include <QStringList>
#include <QWidget>

class QComboBox;
class QListWidget;
class QPushButton;

namespace adiff {

class SetlistPanel : public QWidget {
	Q_OBJECT

public:
	explicit SetlistPanel(QWidget *parent = nullptr);
	void show_setlist(const PanelSetlist &setlist);

Q_SIGNALS:
	void moveRequested(const QString &action); // "previous" | "next"
	void modeChosen(const QString &mode);      // "off" | "sequential" | "shuffle"
	void promptsEdited(const QStringList &prompts);

private:
	QStringList entries() const;
	void add_entry();
	void remove_entry();

	QComboBox *mode_;
	QListWidget *list_;
	QPushButton *previous_;
	QPushButton *next_;
	QPushButton *add_;
	QPushButton *remove_;
};

} // namespace adiff
