// The dock's generation controls: prompt (Ctrl+Enter generates), negative prompt, seed with the last
// clip's seed and "reuse", Generate and Cancel, the progress bar, the stage line with the time so far and
// the spend line. It only shows values (core/live/control_panel_model) and asks; ControlDock acts.
#pragma once

#include "core/live/control_panel_model.hpp"

#include <QWidget>

#include <obs.h>

#include <optional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace adiff {

class GeneratePanel : public QWidget {
	Q_OBJECT

public:
	explicit GeneratePanel(QWidget *parent = nullptr);

	// The fields from the source's settings; a field the operator is editing is left alone.
	void load_settings(obs_source_t *source);
	// Writes the fields into the source's settings (only what changed), as a panel edit would.
	void save_settings(obs_source_t *source) const;

	void show_progress(const PanelProgress &progress, double elapsed_s);
	void show_spend(const std::optional<PanelSpend> &spend);
	void show_last_seed(std::optional<int64_t> seed);
	// A refused Generate: the show action's own localised message, until the next status.
	void show_refusal(const QString &message);
	void clear();

Q_SIGNALS:
	void generateRequested();
	void cancelRequested();

private:
	QPlainTextEdit *prompt_;
	QLineEdit *negative_;
	QSpinBox *seed_;
	QPushButton *reuse_;
	QPushButton *generate_;
	QPushButton *cancel_;
	QProgressBar *bar_;
	QLabel *stage_;
	QLabel *spend_;
	std::optional<int64_t> last_seed_;
	QString refusal_;
};

} // namespace adiff
