// The dock's hold on the one source it shows: a reference while shown, its libobs signals (generation_*,
// update, rename, remove) turned into queued Qt signals on the UI thread, and its LiveTarget for the
// show actions. A removed source is let go at once (the dock empties), so the dock never keeps a source
// alive longer than the UI thread takes to notice.
#pragma once

#include "frontend/ui_post.hpp"

#include <QObject>

#include <obs.h>

#include <cstdint>
#include <memory>

namespace adiff {

class LiveTarget;

class SourceLink : public QObject {
	Q_OBJECT

public:
	explicit SourceLink(QObject *parent = nullptr);
	~SourceLink() override;

	// Shows `source` (a new reference is taken) or nothing (nullptr). Emits switched().
	void show(obs_source_t *source);
	obs_source_t *source() const { return source_; }
	// The AnimateDiff source behind it; null when none is shown.
	LiveTarget *target() const;

Q_SIGNALS:
	void switched();        // another source (or none) is shown
	void statusChanged();   // a generation event: started, progress, finished, failed
	void settingsChanged(); // the settings were applied (properties dialog, a request, the dock)
	void renamed();

private:
	struct Hook {
		SourceLink *link;
		uint64_t serial; // events of a source shown before are dropped
		std::shared_ptr<UiPost> post;
	};
	static void on_generation(void *data, calldata_t *cd);
	static void on_update(void *data, calldata_t *cd);
	static void on_rename(void *data, calldata_t *cd);
	static void on_remove(void *data, calldata_t *cd);
	void connect_signals();
	void disconnect_signals();
	void release();

	obs_source_t *source_ = nullptr;
	uint64_t serial_ = 0;
	std::unique_ptr<Hook> hook_;
	std::shared_ptr<UiPost> post_;
};

} // namespace adiff
