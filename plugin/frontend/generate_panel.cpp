#include "frontend/generate_panel.hpp"

#include "frontend/dock_text.hpp"
#include "obs/util/settings_keys.hpp"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QVBoxLayout>

#include <climits>

namespace adiff {
namespace {

QLabel *wrapping_label(QWidget *parent)
{
	auto *label = new QLabel(parent);
	label->setWordWrap(true);
	label->setTextInteractionFlags(Qt::TextSelectableByMouse);
	return label;
}

} // namespace

GeneratePanel::GeneratePanel(QWidget *parent) : QWidget(parent)
{
	prompt_ = new QPlainTextEdit(this);
	prompt_->setObjectName("adiffDockPrompt");
	prompt_->setPlaceholderText(qt(T("Dock.PromptPlaceholder")));
	prompt_->setTabChangesFocus(true);
	prompt_->setFixedHeight(prompt_->fontMetrics().lineSpacing() * 4 + 12);
	negative_ = new QLineEdit(this);
	negative_->setPlaceholderText(qt(T("Dock.NegativePlaceholder")));
	seed_ = new QSpinBox(this);
	seed_->setRange(0, INT_MAX);
	seed_->setSpecialValueText(qt(T("Dock.SeedRandom")));
	reuse_ = new QPushButton(qt(T("Dock.ReuseSeed")), this);
	reuse_->setEnabled(false);
	reuse_->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed); // the seed field narrows first
	generate_ = new QPushButton(qt(T("Dock.Generate")), this);
	generate_->setObjectName("adiffDockGenerate");
	generate_->setToolTip(qt(T("Dock.GenerateTip")));
	cancel_ = new QPushButton(qt(T("Dock.Cancel")), this);
	cancel_->setEnabled(false);
	bar_ = new QProgressBar(this);
	bar_->setObjectName("adiffDockProgress");
	bar_->setRange(0, 100);
	bar_->setValue(0);
	stage_ = wrapping_label(this);
	spend_ = wrapping_label(this);

	auto *seed_row = new QHBoxLayout();
	seed_row->addWidget(seed_, 1);
	seed_row->addWidget(reuse_);
	auto *form = new QFormLayout();
	form->setRowWrapPolicy(QFormLayout::WrapLongRows);
	form->addRow(qt(T("Dock.Negative")), negative_);
	form->addRow(qt(T("Seed")), seed_row);
	auto *buttons = new QHBoxLayout();
	buttons->addWidget(generate_, 2);
	buttons->addWidget(cancel_, 1);
	auto *layout = new QVBoxLayout(this);
	layout->setContentsMargins(0, 0, 0, 0);
	layout->addWidget(new QLabel(qt(T("Dock.Prompt")), this));
	layout->addWidget(prompt_);
	layout->addLayout(form);
	layout->addLayout(buttons);
	layout->addWidget(bar_);
	layout->addWidget(stage_);
	layout->addWidget(spend_);

	connect(generate_, &QPushButton::clicked, this, &GeneratePanel::generateRequested);
	connect(cancel_, &QPushButton::clicked, this, &GeneratePanel::cancelRequested);
	connect(prompt_, &QPlainTextEdit::textChanged, this, [this] { refusal_.clear(); }); // a refusal until an edit
	connect(reuse_, &QPushButton::clicked, this, [this] {
		if (last_seed_ && *last_seed_ > 0 && *last_seed_ <= INT_MAX)
			seed_->setValue(int(*last_seed_));
	});
	// Ctrl+Enter (either Enter key) in the prompt generates, as a chat box sends.
	for (int key : {int(Qt::Key_Return), int(Qt::Key_Enter)}) {
		auto *shortcut = new QShortcut(QKeySequence(int(Qt::CTRL) | key), prompt_);
		shortcut->setContext(Qt::WidgetShortcut);
		connect(shortcut, &QShortcut::activated, this, &GeneratePanel::generateRequested);
	}
}

void GeneratePanel::load_settings(obs_source_t *source)
{
	obs_data_t *settings = obs_source_get_settings(source);
	const QString prompt = qt(obs_data_get_string(settings, keys::kPrompt));
	if (!prompt_->hasFocus() && prompt_->toPlainText() != prompt)
		prompt_->setPlainText(prompt);
	if (!negative_->hasFocus())
		negative_->setText(qt(obs_data_get_string(settings, keys::kNegativePrompt)));
	if (!seed_->hasFocus())
		seed_->setValue(int(std::clamp<long long>(obs_data_get_int(settings, keys::kSeed), 0, INT_MAX)));
	obs_data_release(settings);
}

void GeneratePanel::save_settings(obs_source_t *source) const
{
	obs_data_t *settings = obs_source_get_settings(source);
	const std::string prompt = utf8(prompt_->toPlainText());
	const std::string negative = utf8(negative_->text());
	const bool changed = prompt != obs_data_get_string(settings, keys::kPrompt) ||
			     negative != obs_data_get_string(settings, keys::kNegativePrompt) ||
			     seed_->value() != obs_data_get_int(settings, keys::kSeed);
	obs_data_release(settings);
	if (!changed)
		return;
	obs_data_t *patch = obs_data_create();
	obs_data_set_string(patch, keys::kPrompt, prompt.c_str());
	obs_data_set_string(patch, keys::kNegativePrompt, negative.c_str());
	obs_data_set_int(patch, keys::kSeed, seed_->value());
	obs_source_update(source, patch);
	obs_data_release(patch);
}

void GeneratePanel::show_progress(const PanelProgress &progress, double elapsed_s)
{
	generate_->setEnabled(!progress.busy);
	cancel_->setEnabled(progress.busy);
	if (progress.indeterminate) {
		bar_->setRange(0, 0); // Qt's moving "busy" bar
	} else {
		bar_->setRange(0, 100);
		bar_->setValue(progress.percent);
	}
	if (progress.busy)
		refusal_.clear();
	QString line = qt_format(progress.stage_key.c_str(), progress.stage_args);
	if (progress.failed && !progress.message.empty())
		line = qt(progress.message);
	if (progress.busy || elapsed_s > 0)
		line += " · " +
			qt_format(progress.busy ? "Dock.Elapsed" : "Dock.Took", {{"time", format_seconds(elapsed_s)}});
	if (!refusal_.isEmpty())
		line = refusal_;
	stage_->setStyleSheet(progress.failed || !refusal_.isEmpty() ? "color: #e0554c;" : "");
	stage_->setText(line);
}

void GeneratePanel::show_spend(const std::optional<PanelSpend> &spend)
{
	if (!spend) {
		spend_->setText(qt(T("Dock.SpendNone")));
		return;
	}
	const TemplateArgs args = {{"last", format_seconds(spend->last_predict_time_s)},
				   {"total", format_seconds(spend->session_predict_time_s)},
				   {"clips", std::to_string(spend->session_clips)}};
	spend_->setText(qt_format(spend->last_predict_time_s >= 0 ? "Dock.Spend" : "Dock.SpendNoLast", args));
}

void GeneratePanel::show_last_seed(std::optional<int64_t> seed)
{
	last_seed_ = seed;
	reuse_->setEnabled(seed.has_value());
	reuse_->setToolTip(seed ? qt_format("Dock.ReuseSeedTip", {{"seed", std::to_string(*seed)}}) : QString());
	reuse_->setText(seed ? qt_format("Dock.ReuseSeedValue", {{"seed", std::to_string(*seed)}})
			     : qt(T("Dock.ReuseSeed")));
}

void GeneratePanel::show_refusal(const QString &message)
{
	refusal_ = message;
	stage_->setStyleSheet("color: #e0554c;");
	stage_->setText(message);
}

void GeneratePanel::clear()
{
	prompt_->clear();
	negative_->clear();
	seed_->setValue(0);
	refusal_.clear();
	show_progress(PanelProgress{false, false, 0, false, "Dock.Stage.Idle", {}, {}}, 0);
	show_spend(std::nullopt);
	show_last_seed(std::nullopt);
}

} // namespace adiff
