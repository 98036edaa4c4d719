// Puts the control dock into OBS's main window when OBS has a frontend, through the module's extension
// hooks (plugin/obs/module/module_extensions.hpp: plugin/obs never includes this folder). In a plain
// libobs host (the libobs tests) obs_frontend_get_main_window() is null and nothing is made.
#include "frontend/control_dock.hpp"
#include "frontend/dock_probe.hpp"
#include "frontend/dock_text.hpp"
#include "obs/module/module_extensions.hpp"
#include "obs/util/plugin_log.hpp"

#include <obs-frontend-api.h>
#include <obs-module.h>

#include <QDockWidget>
#include <QMainWindow>
#include <QPointer>

namespace adiff {
namespace {

// Saved by OBS in the window state (global.ini DockState): never change it.
constexpr const char *kDockId = "adiff_control_dock";

QPointer<ControlDock> g_dock;
bool g_listening = false;

// The QDockWidget around the dock: ours on OBS 29, OBS's own (named by the id) on OBS 30 and later.
QDockWidget *dock_frame()
{
	auto *main = static_cast<QMainWindow *>(obs_frontend_get_main_window());
	QDockWidget *frame = main ? main->findChild<QDockWidget *>(kDockId) : nullptr;
	if (!frame && g_dock)
		frame = qobject_cast<QDockWidget *>(g_dock->parentWidget());
	return frame;
}

void on_frontend_event(enum obs_frontend_event event, void *)
{
	if (!g_dock)
		return;
	switch (event) {
	case OBS_FRONTEND_EVENT_FINISHED_LOADING:
		g_dock->on_collection_loaded();
		dock_probe_start(dock_frame(), g_dock);
		break;
	case OBS_FRONTEND_EVENT_SCENE_COLLECTION_CHANGED:
		g_dock->on_collection_loaded();
		break;
	case OBS_FRONTEND_EVENT_SCENE_CHANGED:
	case OBS_FRONTEND_EVENT_PREVIEW_SCENE_CHANGED:
	case OBS_FRONTEND_EVENT_STUDIO_MODE_ENABLED:
	case OBS_FRONTEND_EVENT_STUDIO_MODE_DISABLED:
		g_dock->on_scene_changed();
		break;
	case OBS_FRONTEND_EVENT_SCENE_COLLECTION_CHANGING:
	case OBS_FRONTEND_EVENT_SCENE_COLLECTION_CLEANUP:
		g_dock->suspend(); // the old collection's sources go: let go of them first
		break;
	case OBS_FRONTEND_EVENT_EXIT:
		g_dock->release_sources(); // OBS deletes the dock with its window; no source is held until then
		break;
	default:
		break;
	}
}

// On OBS's UI thread, while OBS loads modules (before it restores the saved window state, so the dock
// comes back where the operator left it).
void add_dock()
{
	auto *main = static_cast<QMainWindow *>(obs_frontend_get_main_window());
	if (!main)
		return; // a plain libobs host: no frontend, no dock
	auto *dock = new ControlDock(main);
	dock->setObjectName("adiff_control_dock_widget");
#if LIBOBS_API_MAJOR_VER >= 30
	// OBS 30+ makes the QDockWidget (named by the id) and its Docks menu entry.
	if (!obs_frontend_add_dock_by_id(kDockId, T("Dock.Title"), dock)) {
		adiff_log(LOG_WARNING, "the control dock could not be added (id %s taken)", kDockId);
		delete dock;
		return;
	}
#else
	auto *frame = new QDockWidget(qt(T("Dock.Title")), main);
	frame->setObjectName(kDockId);
	frame->setWidget(dock);
	frame->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
			   QDockWidget::DockWidgetFloatable);
	main->addDockWidget(Qt::RightDockWidgetArea, frame);
	frame->setVisible(false); // shown from the Docks menu, then restored as the operator left it
	obs_frontend_add_dock(frame);
#endif
	g_dock = dock;
	obs_frontend_add_event_callback(on_frontend_event, nullptr);
	g_listening = true;
	adiff_log(LOG_INFO, "control dock '%s' added to the Docks menu", T("Dock.Title"));
}

void remove_dock()
{
	if (g_listening)
		obs_frontend_remove_event_callback(on_frontend_event, nullptr);
	g_listening = false;
	dock_probe_stop();
}

[[maybe_unused]] const bool registered = add_module_extension({"control dock", add_dock, remove_dock});

} // namespace
} // namespace adiff
