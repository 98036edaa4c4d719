#include "frontend/clips_strip.hpp"

#include "frontend/dock_text.hpp"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace adiff {
namespace {

constexpr int kThumbSide = 72;
constexpr int kPathRole = Qt::UserRole;
constexpr int kStateRole = Qt::UserRole + 1;

// A grey tile with a word on it, for a clip without a picture (yet, or at all).
QIcon tile(const QString &word, const QColor &colour)
{
	QPixmap pixmap(kThumbSide, kThumbSide);
	pixmap.fill(colour);
	QPainter painter(&pixmap);
	painter.setPen(Qt::white);
	painter.drawText(pixmap.rect().adjusted(2, 2, -2, -2), Qt::AlignCenter | Qt::TextWordWrap, word);
	return QIcon(pixmap);
}

} // namespace

ClipsStrip::ClipsStrip(QWidget *parent) : QWidget(parent)
{
	list_ = new QListWidget(this);
	list_->setObjectName("adiffDockClips");
	list_->setViewMode(QListView::IconMode);
	list_->setFlow(QListView::LeftToRight);
	list_->setWrapping(false);
	list_->setMovement(QListView::Static);
	list_->setIconSize(QSize(kThumbSide, kThumbSide));
	list_->setSpacing(4);
	list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
	list_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
	list_->setFixedHeight(kThumbSide + list_->fontMetrics().height() + 36);
	list_->setSelectionMode(QAbstractItemView::NoSelection);
	rotation_ = new QCheckBox(qt(T("Dock.Rotation")), this);
	rotation_->setToolTip(qt(T("Dock.RotationTip")));

	auto *header = new QHBoxLayout();
	header->addWidget(new QLabel(qt(T("Dock.Clips")), this), 1);
	header->addWidget(rotation_);
	auto *layout = new QVBoxLayout(this);
	layout->setContentsMargins(0, 0, 0, 0);
	layout->addLayout(header);
	layout->addWidget(list_);

	connect(list_, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
		const auto state = ClipPicture(item->data(kStateRole).toInt());
		if (state == ClipPicture::Missing || state == ClipPicture::Damaged)
			return; // not played: the tile says why
		Q_EMIT playRequested(item->data(kPathRole).toString());
	});
	connect(rotation_, &QCheckBox::toggled, this, &ClipsStrip::rotationToggled);
}

QListWidgetItem *ClipsStrip::item_for(const std::string &path) const
{
	for (size_t i = 0; i < paths_.size(); ++i)
		if (paths_[i] == path)
			return list_->item(int(i));
	return nullptr;
}

std::vector<std::string> ClipsStrip::waiting_paths() const
{
	std::vector<std::string> waiting;
	for (size_t i = 0; i < paths_.size(); ++i)
		if (ClipPicture(list_->item(int(i))->data(kStateRole).toInt()) == ClipPicture::Pending)
			waiting.push_back(paths_[i]);
	return waiting;
}

void ClipsStrip::show_clips(const std::vector<PanelClip> &clips)
{
	std::vector<std::string> paths;
	for (const PanelClip &clip : clips)
		paths.push_back(clip.path);
	if (paths != paths_) {
		// Rebuilt only when the history changed; pictures already known are kept.
		std::vector<QListWidgetItem *> kept(clips.size(), nullptr);
		for (size_t i = 0; i < clips.size(); ++i)
			if (QListWidgetItem *old = item_for(clips[i].path))
				kept[i] = old->clone();
		list_->clear();
		for (size_t i = 0; i < clips.size(); ++i) {
			QListWidgetItem *item =
				kept[i] ? kept[i]
					: new QListWidgetItem(tile(qt(T("Dock.ClipPending")), Qt::darkGray), QString());
			item->setData(kPathRole, qt(clips[i].path));
			if (!kept[i])
				item->setData(kStateRole, int(ClipPicture::Pending));
			list_->addItem(item);
		}
		paths_ = std::move(paths);
	}
	for (size_t i = 0; i < clips.size(); ++i)
		mark(list_->item(int(i)), clips[i]);
}

void ClipsStrip::mark(QListWidgetItem *item, const PanelClip &clip)
{
	const auto state = ClipPicture(item->data(kStateRole).toInt());
	QString text = clip.playing ? qt(T("Dock.ClipPlaying")) : QString("#%1").arg(list_->row(item) + 1);
	if (state == ClipPicture::Missing)
		text = qt(T("Dock.ClipMissing"));
	else if (state == ClipPicture::Damaged)
		text = qt(T("Dock.ClipDamaged"));
	item->setText(text);
	QFont font = item->font();
	font.setBold(clip.playing);
	item->setFont(font);
	item->setToolTip(qt_format("Dock.ClipTip", {{"label", clip.label}, {"seed", std::to_string(clip.seed)}}));
}

void ClipsStrip::set_picture(const std::string &path, ClipPicture state, const QImage &image)
{
	QListWidgetItem *item = item_for(path);
	if (!item)
		return;
	item->setData(kStateRole, int(state));
	if (state == ClipPicture::Ready && !image.isNull())
		item->setIcon(QIcon(QPixmap::fromImage(
			image.scaled(kThumbSide, kThumbSide, Qt::KeepAspectRatio, Qt::SmoothTransformation))));
	else if (state == ClipPicture::Missing)
		item->setIcon(tile(qt(T("Dock.ClipMissing")), QColor(120, 40, 40)));
	else if (state == ClipPicture::Damaged)
		item->setIcon(tile(qt(T("Dock.ClipDamaged")), QColor(120, 80, 20)));
	if (state == ClipPicture::Missing || state == ClipPicture::Damaged) {
		item->setText(qt(T(state == ClipPicture::Missing ? "Dock.ClipMissing" : "Dock.ClipDamaged")));
		item->setFlags(item->flags().setFlag(Qt::ItemIsEnabled, false));
	}
}

void ClipsStrip::set_rotation(bool on)
{
	const QSignalBlocker block(rotation_);
	rotation_->setChecked(on);
}

} // namespace adiff
