#include "frontend/setlist_panel.hpp"

#include "frontend/dock_text.hpp"

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStyle>
#include <QVBoxLayout>

namespace adiff {

SetlistPanel::SetlistPanel(QWidget *parent) : QWidget(parent)
{
	mode_ = new QComboBox(this);
	mode_->addItem(qt(T("Dock.SetlistOff")), "off");
	mode_->addItem(qt(T("Setlist.Mode.Sequential")), "sequential");
	mode_->addItem(qt(T("Dock.SetlistShuffle")), "shuffle");
	list_ = new QListWidget(this);
	list_->setObjectName("adiffDockSetlist");
	list_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
	list_->setMinimumHeight(list_->fontMetrics().lineSpacing() * 4);
	previous_ = new QPushButton(qt(T("Dock.SetlistPrevious")), this);
	next_ = new QPushButton(qt(T("Dock.SetlistNext")), this);
	add_ = new QPushButton("+", this);
	add_->setToolTip(qt(T("Dock.SetlistAdd")));
	remove_ = new QPushButton("−", this);
	remove_->setToolTip(qt(T("Dock.SetlistRemove")));
	for (QPushButton *small : {add_, remove_})
		small->setFixedWidth(small->fontMetrics().horizontalAdvance("+") * 3 + 16);

	auto *header = new QHBoxLayout();
	header->addWidget(new QLabel(qt(T("Dock.Setlist")), this));
	header->addWidget(mode_, 1);
	auto *buttons = new QHBoxLayout();
	buttons->addWidget(previous_, 1);
	buttons->addWidget(next_, 1);
	buttons->addWidget(add_);
	buttons->addWidget(remove_);
	auto *layout = new QVBoxLayout(this);
	layout->setContentsMargins(0, 0, 0, 0);
	layout->addLayout(header);
	layout->addWidget(list_, 1);
	layout->addLayout(buttons);

	connect(previous_, &QPushButton::clicked, this, [this] { Q_EMIT moveRequested("previous"); });
	connect(next_, &QPushButton::clicked, this, [this] { Q_EMIT moveRequested("next"); });
	connect(mode_, QOverload<int>::of(&QComboBox::activated), this,
		[this](int index) { Q_EMIT modeChosen(mode_->itemData(index).toString()); });
	connect(list_, &QListWidget::itemChanged, this, [this] { Q_EMIT promptsEdited(entries()); });
	connect(add_, &QPushButton::clicked, this, &SetlistPanel::add_entry);
	connect(remove_, &QPushButton::clicked, this, &SetlistPanel::remove_entry);
}

QStringList SetlistPanel::entries() const
{
	QStringList prompts;
	for (int i = 0; i < list_->count(); ++i)
		prompts << list_->item(i)->text();
	return prompts;
}

void SetlistPanel::add_entry()
{
	// A new entry is opened for typing; it joins the saved list once it has text (blank ones are dropped).
	auto *item = new QListWidgetItem(QString(), list_);
	item->setFlags(item->flags() | Qt::ItemIsEditable);
	list_->setCurrentItem(item);
	list_->editItem(item);
}

void SetlistPanel::remove_entry()
{
	QListWidgetItem *item = list_->currentItem();
	if (!item)
		return;
	delete item;
	Q_EMIT promptsEdited(entries());
}

void SetlistPanel::show_setlist(const PanelSetlist &setlist)
{
	const QSignalBlocker block_mode(mode_);
	const int mode = mode_->findData(qt(setlist.mode));
	mode_->setCurrentIndex(mode >= 0 ? mode : 0);
	const bool on = setlist.mode != "off";
	previous_->setEnabled(on && !setlist.prompts.empty());
	next_->setEnabled(on && !setlist.prompts.empty());
	const QWidget *focus = QApplication::focusWidget();
	if (focus && focus != list_ && list_->isAncestorOf(focus))
		return; // the operator is typing in an entry: the list is rebuilt after the edit is saved
	const QSignalBlocker block_list(list_);
	QStringList wanted;
	for (const std::string &prompt : setlist.prompts)
		wanted << qt(prompt);
	if (wanted != entries()) {
		list_->clear();
		for (const QString &prompt : wanted) {
			auto *item = new QListWidgetItem(prompt, list_);
			item->setFlags(item->flags() | Qt::ItemIsEditable);
		}
	}
	const QIcon next_icon = style()->standardIcon(QStyle::SP_MediaPlay);
	for (int i = 0; i < list_->count(); ++i) {
		QListWidgetItem *item = list_->item(i);
		item->setIcon(i == setlist.next ? next_icon : QIcon());
		QFont font = item->font();
		font.setBold(i == setlist.next);
		font.setItalic(i == setlist.current);
		item->setFont(font);
		item->setToolTip(i == setlist.next      ? qt(T("Dock.SetlistNextTip"))
				 : i == setlist.current ? qt(T("Dock.SetlistCurrentTip"))
							: QString());
	}
}

} // namespace adiff
