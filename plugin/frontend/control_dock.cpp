#include "frontend/control_dock.hpp"

#include "frontend/clips_strip.hpp"
#include "frontend/dock_text.hpp"
#include "frontend/generate_panel.hpp"
#include "frontend/setlist_panel.hpp"
#include "frontend/source_link.hpp"
#include "frontend/source_picker.hpp"
#include "frontend/ui_post.hpp"
#include "core/media/thumbnail_cache.hpp"
#include "obs/control/live_json.hpp"
#include "obs/control/live_target.hpp"
#include "obs/control/show_actions.hpp"
#include "obs/util/plugin_paths.hpp"
#include "obs/util/settings_keys.hpp"

#include <QDateTime>
#include <QFrame>
#include <QLabel>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <functional>

namespace adiff {
namespace {

double now_s()
{
	return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

QFrame *separator(QWidget *parent)
{
	auto *line = new QFrame(parent);
	line->setFrameShape(QFrame::HLine);
	line->setFrameShadow(QFrame::Sunken);
	return line;
}

// One setting of the shown source, applied as a panel edit would (the source's update callback).
void update_setting(obs_source_t *source, const std::function<void(obs_data_t *)> &set)
{
	obs_data_t *patch = obs_data_create();
	set(patch);
	obs_source_update(source, patch);
	obs_data_release(patch);
}

} // namespace

ControlDock::ControlDock(QWidget *parent) : QWidget(parent)
{
	build_layout();
	thumbs_post_ = std::make_shared<UiPost>(this);
	thumbs_ = std::make_unique<ThumbnailCache>(
		[post = thumbs_post_, this](const std::string &path) {
			post->post([this, path] { on_thumbnail(path); });
		},
		160, clip_dir());
	tick_ = new QTimer(this);
	tick_->setInterval(1000);
	connect(tick_, &QTimer::timeout, this, &ControlDock::refresh_status);
	tick_->start();
	connect_parts();
	on_switched();
}

void ControlDock::build_layout()
{
	picker_ = new SourcePicker(this);
	link_ = new SourceLink(this);
	generate_ = new GeneratePanel(this);
	clips_ = new ClipsStrip(this);
	setlist_ = new SetlistPanel(this);
	empty_ = new QLabel(qt(T("Dock.NoSource")), this);
	empty_->setObjectName("adiffDockEmpty");
	empty_->setWordWrap(true);
	empty_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
	empty_->setMargin(8);

	auto *controls = new QWidget(this);
	auto *column = new QVBoxLayout(controls);
	column->setContentsMargins(0, 0, 0, 0);
	column->addWidget(generate_);
	column->addWidget(separator(controls));
	column->addWidget(clips_);
	column->addWidget(separator(controls));
	column->addWidget(setlist_, 1);
	auto *scroll = new QScrollArea(this);
	scroll->setWidget(controls);
	scroll->setWidgetResizable(true);
	scroll->setFrameShape(QFrame::NoFrame);
	scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
	pages_ = new QStackedWidget(this);
	pages_->addWidget(empty_);
	pages_->addWidget(scroll);

	auto *layout = new QVBoxLayout(this);
	layout->setContentsMargins(6, 6, 6, 6);
	layout->addWidget(picker_);
	layout->addWidget(pages_, 1);
	setMinimumWidth(220);
}

void ControlDock::connect_parts()
{
	picker_->set_shown_name([this] {
		obs_source_t *source = link_->source();
		return source ? qt(obs_source_get_name(source)) : QString();
	});
	connect(picker_, &SourcePicker::chosen, this, &ControlDock::show_source);
	connect(link_, &SourceLink::switched, this, &ControlDock::on_switched);
	connect(link_, &SourceLink::statusChanged, this, &ControlDock::refresh_status);
	connect(link_, &SourceLink::settingsChanged, this, &ControlDock::load_settings);
	connect(link_, &SourceLink::renamed, picker_, &SourcePicker::refresh);
	connect(generate_, &GeneratePanel::generateRequested, this, &ControlDock::generate);
	connect(generate_, &GeneratePanel::cancelRequested, this, [this] {
		if (LiveTarget *target = link_->target())
			target->cancel();
	});
	connect(clips_, &ClipsStrip::playRequested, this, &ControlDock::play);
	connect(clips_, &ClipsStrip::rotationToggled, this, &ControlDock::set_rotation);
	connect(setlist_, &SetlistPanel::moveRequested, this, [this](const QString &action) {
		LiveTarget *target = link_->target();
		const nlohmann::json answer = target ? setlist_move(*target, utf8(action)) : nlohmann::json();
		if (target && !answer.value("ok", false))
			generate_->show_refusal(qt(answer.value("error", std::string())));
		refresh_status();
	});
	connect(setlist_, &SetlistPanel::modeChosen, this, &ControlDock::set_mode);
	connect(setlist_, &SetlistPanel::promptsEdited, this, &ControlDock::set_prompts);
}

ControlDock::~ControlDock()
{
	release_sources();
}

void ControlDock::release_sources()
{
	released_ = true;
	tick_->stop();
	link_->show(nullptr);
	picker_->release();
	thumbs_post_->close();
	thumbs_.reset(); // joins its worker: no callback after this
}

void ControlDock::suspend()
{
	link_->show(nullptr);
	picker_->forget_scene();
}

void ControlDock::on_collection_loaded()
{
	if (released_)
		return;
	picker_->refresh();
	picker_->follow_current_scene();
}

void ControlDock::on_scene_changed()
{
	if (!released_)
		picker_->follow_current_scene();
}

void ControlDock::show_source(const QString &name)
{
	if (released_)
		return;
	obs_source_t *source = name.isEmpty() ? nullptr : obs_get_source_by_name(utf8(name).c_str());
	link_->show(source && animatediff_live_target(source) ? source : nullptr);
	if (source)
		obs_source_release(source);
}

void ControlDock::on_switched()
{
	const bool shown = link_->target() != nullptr;
	pages_->setCurrentIndex(shown ? 1 : 0);
	generate_->clear();
	clips_->show_clips({});
	clock_ = GenerationClock();
	if (!shown)
		return;
	load_settings();
	refresh_status();
}

void ControlDock::load_settings()
{
	obs_source_t *source = link_->source();
	if (!source)
		return;
	generate_->load_settings(source);
	obs_data_t *settings = obs_source_get_settings(source);
	const int rotate = int(obs_data_get_int(settings, keys::kRotateSeconds));
	obs_data_release(settings);
	if (rotate > 0)
		rotate_seconds_on_ = rotate;
	clips_->set_rotation(rotate > 0);
	refresh_status();
}

void ControlDock::refresh_status()
{
	LiveTarget *target = link_->target();
	if (!target)
		return;
	const nlohmann::json status = live_status_json(*target);
	const PanelProgress progress = panel_progress(status);
	clock_.observe(progress.busy, now_s());
	generate_->show_progress(progress, clock_.elapsed_s(now_s()));
	generate_->show_spend(panel_spend(status));
	const std::vector<PanelClip> clips = panel_clips(list_clips_json(*target));
	clips_->show_clips(clips);
	update_pictures();
	generate_->show_last_seed(last_clip_seed(clips));
	obs_data_t *settings = obs_source_get_settings(link_->source());
	setlist_->show_setlist(panel_setlist(show_status_json(*target), read_prompt_list(settings)));
	obs_data_release(settings);
}

void ControlDock::update_pictures()
{
	if (!thumbs_)
		return;
	for (const std::string &path : clips_->waiting_paths())
		on_thumbnail(path);
}

// On the UI thread: the picture is in memory already (the worker decoded it); only a copy into a QImage.
void ControlDock::on_thumbnail(const std::string &clip_path)
{
	if (!thumbs_)
		return;
	std::shared_ptr<const Thumbnail> picture;
	switch (thumbs_->lookup(clip_path, &picture)) {
	case ThumbnailState::Pending:
		break;
	case ThumbnailState::Ready:
		if (picture && picture->width > 0 && picture->height > 0 &&
		    picture->rgba.size() >= size_t(picture->width) * size_t(picture->height) * 4)
			clips_->set_picture(clip_path, ClipPicture::Ready,
					    QImage(picture->rgba.data(), picture->width, picture->height,
						   picture->width * 4, QImage::Format_RGBA8888)
						    .copy());
		break;
	case ThumbnailState::Missing:
		clips_->set_picture(clip_path, ClipPicture::Missing);
		break;
	case ThumbnailState::Damaged:
		clips_->set_picture(clip_path, ClipPicture::Damaged);
		break;
	}
}

void ControlDock::generate()
{
	LiveTarget *target = link_->target();
	if (!target)
		return;
	// The dock's fields become the source's settings first (as a properties-panel edit), so Generate
	// takes the same path, and the same refusals, as the panel's button and the Generate hotkey.
	generate_->save_settings(link_->source());
	const TriggerResult result = target->generate(TriggerOrigin::Panel);
	if (!result.started)
		generate_->show_refusal(qt(result.message));
	else
		refresh_status();
}

void ControlDock::play(const QString &path)
{
	LiveTarget *target = link_->target();
	if (!target)
		return;
	const nlohmann::json answer = clip_move(*target, "play", nlohmann::json(utf8(path)));
	if (!answer.value("ok", false))
		generate_->show_refusal(qt(answer.value("error", std::string())));
	refresh_status();
}

void ControlDock::set_rotation(bool on)
{
	if (obs_source_t *source = link_->source())
		update_setting(source, [this, on](obs_data_t *patch) {
			obs_data_set_int(patch, keys::kRotateSeconds, on ? rotate_seconds_on_ : 0);
		});
}

void ControlDock::set_mode(const QString &mode)
{
	const std::string id = utf8(mode);
	if (obs_source_t *source = link_->source())
		update_setting(source, [&id](obs_data_t *patch) {
			obs_data_set_string(patch, keys::kPromptListMode, id.c_str());
		});
}

void ControlDock::set_prompts(const QStringList &prompts)
{
	LiveTarget *target = link_->target();
	if (!target)
		return;
	nlohmann::json list = nlohmann::json::array();
	for (const QString &prompt : prompts)
		if (!prompt.trimmed().isEmpty())
			list.push_back(utf8(prompt));
	set_prompt_list(*target, list);
	refresh_status();
}

} // namespace adiff
