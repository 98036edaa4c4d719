#include "frontend/dock_probe.hpp"

#include "frontend/dock_text.hpp"
#include "obs/util/plugin_log.hpp"

#include <obs-frontend-api.h>

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>

#include <cstdlib>
#include <memory>
#include <string>

namespace adiff {
namespace {

QPointer<QTimer> g_timer;

QString rect_text(const QWidget *widget, const QRect &local)
{
	const QPoint origin = widget->mapToGlobal(local.topLeft());
	return QString("%1,%2,%3,%4").arg(origin.x()).arg(origin.y()).arg(local.width()).arg(local.height());
}

QString widget_rect(QWidget *dock, const char *name)
{
	auto *widget = dock->findChild<QWidget *>(name);
	return widget && widget->isVisible() ? rect_text(widget, widget->rect()) : QString("none");
}

QString probe_line(QWidget *dock)
{
	QString line = "prompt=" + widget_rect(dock, "adiffDockPrompt") +
		       " generate=" + widget_rect(dock, "adiffDockGenerate");
	auto *bar = dock->findChild<QProgressBar *>("adiffDockProgress");
	line += QString(" progress=%1").arg(bar && bar->maximum() > 0 ? bar->value() : -1);
	auto *source = dock->findChild<QComboBox *>("adiffDockSource");
	line += " source='" + (source ? source->currentText() : QString()) + "'";
	auto *empty = dock->findChild<QLabel *>("adiffDockEmpty");
	line += QString(" empty=%1").arg(empty && empty->isVisible() ? 1 : 0);
	auto *clips = dock->findChild<QListWidget *>("adiffDockClips");
	line += " clips=[";
	for (int i = 0; clips && clips->isVisible() && i < clips->count(); ++i) {
		QListWidgetItem *item = clips->item(i);
		const bool pictured = !item->icon().isNull() && item->data(Qt::UserRole + 1).toInt() == 1;
		line += QString("%1%2:%3:%4")
				.arg(i ? ";" : "")
				.arg(rect_text(clips->viewport(), clips->visualItemRect(item)))
				.arg(pictured ? "picture" : "tile")
				.arg(item->font().bold() ? "playing" : "-");
	}
	line += "]";
	// Where OBS's Sources list shows each source's name, for a click that selects it.
	auto *main = static_cast<QWidget *>(obs_frontend_get_main_window());
	QWidget *sources = main ? main->findChild<QWidget *>("sources") : nullptr;
	line += " sources=[";
	for (QLabel *label : sources ? sources->findChildren<QLabel *>() : QList<QLabel *>())
		if (label->isVisible() && !label->text().isEmpty())
			line += "'" + label->text() + "'@" + rect_text(label, label->rect()) + ";";
	return line + "]";
}

} // namespace

void dock_probe_start(QDockWidget *frame, QWidget *dock)
{
	const char *flag = std::getenv("ADIFF_DOCK_TEST_PROBE");
	if (!flag || std::string(flag) != "1" || !frame || !dock || g_timer)
		return;
	frame->setFloating(true);
	frame->show();
	frame->resize(340, 900);
	frame->move(900, 40);
	g_timer = new QTimer(dock);
	auto last = std::make_shared<QString>();
	QObject::connect(g_timer, &QTimer::timeout, dock, [dock, last] {
		const QString line = probe_line(dock);
		if (line == *last)
			return;
		*last = line;
		adiff_log(LOG_INFO, "dock probe: %s", utf8(line).c_str());
	});
	g_timer->start(200);
}

void dock_probe_stop()
{
	delete g_timer;
}

} // namespace adiff
