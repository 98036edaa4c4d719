// The source's clips as a strip of thumbnails, newest first: the playing one marked, a click plays it
// (ControlDock sends the same play_clip as the vendor request), a missing or damaged file shown as such
// and not playable, and the rotation switch. Thumbnails come ready-made (never decoded here).
#pragma once

#include "core/live/control_panel_model.hpp"

#include <QImage>
#include <QWidget>

#include <string>
#include <vector>

class QCheckBox;
class QListWidget;
class QListWidgetItem;

namespace adiff {

enum class ClipPicture { Pending, Ready, Missing, Damaged };

class ClipsStrip : public QWidget {
	Q_OBJECT

public:
	explicit ClipsStrip(QWidget *parent = nullptr);

	void show_clips(const std::vector<PanelClip> &clips);
	// The picture state of one clip (from the thumbnail cache); a Ready one with its image.
	void set_picture(const std::string &path, ClipPicture state, const QImage &image = QImage());
	void set_rotation(bool on);
	std::vector<std::string> waiting_paths() const; // clips whose picture is not known yet

Q_SIGNALS:
	void playRequested(const QString &path);
	void rotationToggled(bool on);

private:
	void mark(QListWidgetItem *item, const PanelClip &clip);
	QListWidgetItem *item_for(const std::string &path) const;

	QListWidget *list_;
	QCheckBox *rotation_;
	std::vector<std::string> paths_; // as shown, newest first
};

} // namespace adiff
