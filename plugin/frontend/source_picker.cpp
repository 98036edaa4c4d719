#include "frontend/source_picker.hpp"

#include "frontend/dock_text.hpp"
#include "obs/control/live_target.hpp"

#include <obs-frontend-api.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QSignalBlocker>

#include <cstring>

namespace adiff {
namespace {

const char *kGlobalSignals[] = {"source_create", "source_destroy", "source_rename", "source_remove"};

bool is_animatediff(obs_source_t *source)
{
	const char *id = source ? obs_source_get_unversioned_id(source) : nullptr;
	return id && std::strcmp(id, kAnimateDiffSourceId) == 0 && !obs_source_removed(source);
}

} // namespace

SourcePicker::SourcePicker(QWidget *parent) : QWidget(parent), post_(std::make_shared<UiPost>(this))
{
	combo_ = new QComboBox(this);
	combo_->setObjectName("adiffDockSource");
	combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
	combo_->setMinimumContentsLength(8);
	auto *layout = new QHBoxLayout(this);
	layout->setContentsMargins(0, 0, 0, 0);
	layout->addWidget(combo_);
	connect(combo_, QOverload<int>::of(&QComboBox::activated), this,
		[this](int index) { Q_EMIT chosen(combo_->itemText(index)); });

	signal_handler_t *sh = obs_get_signal_handler();
	for (const char *name : kGlobalSignals)
		signal_handler_connect(sh, name, on_sources_changed, this);
	global_connected_ = true;
}

SourcePicker::~SourcePicker()
{
	release();
	post_->close();
}

void SourcePicker::release()
{
	if (global_connected_) {
		signal_handler_t *sh = obs_get_signal_handler();
		for (const char *name : kGlobalSignals)
			signal_handler_disconnect(sh, name, on_sources_changed, this);
		global_connected_ = false;
	}
	forget_scene();
}

void SourcePicker::forget_scene()
{
	if (scene_) {
		signal_handler_disconnect(obs_source_get_signal_handler(scene_), "item_select", on_item_select, this);
		obs_source_release(scene_);
		scene_ = nullptr;
	}
}

// Any thread: a source was made, renamed, removed or destroyed. The list is read again on the UI thread.
void SourcePicker::on_sources_changed(void *data, calldata_t *cd)
{
	obs_source_t *source = static_cast<obs_source_t *>(calldata_ptr(cd, "source"));
	const char *id = source ? obs_source_get_unversioned_id(source) : nullptr;
	if (!id || std::strcmp(id, kAnimateDiffSourceId) != 0)
		return;
	auto *self = static_cast<SourcePicker *>(data); // alive: disconnecting waits for this call
	self->post_->post([self] { self->schedule_refresh(); });
}

void SourcePicker::on_item_select(void *data, calldata_t *cd)
{
	obs_sceneitem_t *item = static_cast<obs_sceneitem_t *>(calldata_ptr(cd, "item"));
	obs_source_t *source = item ? obs_sceneitem_get_source(item) : nullptr;
	if (!is_animatediff(source))
		return;
	const QString name = qt(obs_source_get_name(source));
	auto *self = static_cast<SourcePicker *>(data);
	self->post_->post([self, name] { self->choose(name); });
}

void SourcePicker::schedule_refresh()
{
	// A collection load makes many sources at once: one refresh after the burst.
	if (refresh_pending_)
		return;
	refresh_pending_ = true;
	QMetaObject::invokeMethod(
		this,
		[this] {
			refresh_pending_ = false;
			refresh();
		},
		Qt::QueuedConnection);
}

QStringList SourcePicker::reload_names()
{
	QStringList names;
	obs_enum_sources(
		[](void *param, obs_source_t *source) {
			if (is_animatediff(source))
				static_cast<QStringList *>(param)->append(qt(obs_source_get_name(source)));
			return true;
		},
		&names);
	names.sort(Qt::CaseInsensitive);
	const QString shown = shown_name_ ? shown_name_() : current();
	const QSignalBlocker block(combo_);
	combo_->clear();
	combo_->addItems(names);
	combo_->setCurrentIndex(names.indexOf(shown));
	return names;
}

void SourcePicker::refresh()
{
	const QString shown = shown_name_ ? shown_name_() : current();
	const QStringList names = reload_names();
	// The shown source is gone (removed, renamed away, another collection): show the first, or none.
	if (!names.contains(shown) || shown.isEmpty())
		choose(names.isEmpty() ? QString() : names.front());
}

void SourcePicker::choose(const QString &name)
{
	int index = combo_->findText(name);
	if (index < 0 && !name.isEmpty()) { // selected before the list caught up with its creation
		reload_names();
		index = combo_->findText(name);
	}
	{
		const QSignalBlocker block(combo_);
		combo_->setCurrentIndex(index);
	}
	Q_EMIT chosen(index >= 0 ? name : QString());
}

QString SourcePicker::current() const
{
	return combo_->currentIndex() >= 0 ? combo_->currentText() : QString();
}

bool SourcePicker::empty() const
{
	return combo_->count() == 0;
}

void SourcePicker::follow_current_scene()
{
	forget_scene();
	scene_ = obs_frontend_preview_program_mode_active() ? obs_frontend_get_current_preview_scene()
							    : obs_frontend_get_current_scene();
	if (!scene_)
		return;
	signal_handler_connect(obs_source_get_signal_handler(scene_), "item_select", on_item_select, this);
	// The item selected already (a scene switch keeps the Sources list's selection of that scene).
	QString selected;
	obs_scene_enum_items(
		obs_scene_from_source(scene_),
		[](obs_scene_t *, obs_sceneitem_t *item, void *param) {
			obs_source_t *source = obs_sceneitem_get_source(item);
			if (obs_sceneitem_selected(item) && is_animatediff(source))
				*static_cast<QString *>(param) = qt(obs_source_get_name(source));
			return true;
		},
		&selected);
	if (!selected.isEmpty())
		choose(selected);
}

} // namespace adiff
