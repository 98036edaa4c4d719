#include "frontend/source_link.hpp"

#include "obs/control/live_target.hpp"

namespace adiff {
namespace {

const char *kGenerationSignals[] = {"generation_started", "generation_progress", "generation_finished",
				    "generation_failed"};

} // namespace

SourceLink::SourceLink(QObject *parent) : QObject(parent), post_(std::make_shared<UiPost>(this)) {}

SourceLink::~SourceLink()
{
	post_->close();
	release();
}

LiveTarget *SourceLink::target() const
{
	return source_ ? animatediff_live_target(source_) : nullptr;
}

void SourceLink::show(obs_source_t *source)
{
	if (source == source_)
		return;
	release();
	serial_++;
	source_ = source ? obs_source_get_ref(source) : nullptr;
	if (source_)
		connect_signals();
	Q_EMIT switched();
}

// libobs calls these on whatever thread emits the signal (the generator's, the UI's); they only post.
void SourceLink::on_generation(void *data, calldata_t *)
{
	auto *hook = static_cast<Hook *>(data);
	hook->post->post([link = hook->link, serial = hook->serial] {
		if (link->serial_ == serial)
			Q_EMIT link->statusChanged();
	});
}

void SourceLink::on_update(void *data, calldata_t *)
{
	auto *hook = static_cast<Hook *>(data);
	hook->post->post([link = hook->link, serial = hook->serial] {
		if (link->serial_ == serial)
			Q_EMIT link->settingsChanged();
	});
}

void SourceLink::on_rename(void *data, calldata_t *)
{
	auto *hook = static_cast<Hook *>(data);
	hook->post->post([link = hook->link, serial = hook->serial] {
		if (link->serial_ == serial)
			Q_EMIT link->renamed();
	});
}

void SourceLink::on_remove(void *data, calldata_t *)
{
	auto *hook = static_cast<Hook *>(data);
	hook->post->post([link = hook->link, serial = hook->serial] {
		if (link->serial_ == serial)
			link->show(nullptr);
	});
}

void SourceLink::connect_signals()
{
	hook_ = std::make_unique<Hook>(Hook{this, serial_, post_});
	signal_handler_t *sh = obs_source_get_signal_handler(source_);
	for (const char *name : kGenerationSignals)
		signal_handler_connect(sh, name, on_generation, hook_.get());
	signal_handler_connect(sh, "update", on_update, hook_.get());
	signal_handler_connect(sh, "rename", on_rename, hook_.get());
	signal_handler_connect(sh, "remove", on_remove, hook_.get());
}

// Disconnecting waits for a callback in progress (libobs holds the signal's lock while calling), so the
// hook can go right after.
void SourceLink::disconnect_signals()
{
	if (!source_ || !hook_)
		return;
	signal_handler_t *sh = obs_source_get_signal_handler(source_);
	for (const char *name : kGenerationSignals)
		signal_handler_disconnect(sh, name, on_generation, hook_.get());
	signal_handler_disconnect(sh, "update", on_update, hook_.get());
	signal_handler_disconnect(sh, "rename", on_rename, hook_.get());
	signal_handler_disconnect(sh, "remove", on_remove, hook_.get());
	hook_.reset();
}

void SourceLink::release()
{
	disconnect_signals();
	if (source_)
		obs_source_release(source_);
	source_ = nullptr;
}

} // namespace adiff
