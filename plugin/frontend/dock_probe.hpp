// For the GUI test only (ADIFF_DOCK_TEST_PROBE=1 in OBS's environment): floats the dock at a known place
// and logs where its widgets are on screen and what they show (progress value, clip tiles, the shown
// source), whenever that changes, so xdotool can click the real widgets and the test can read the real
// progress bar. Off (and nothing made) without the variable.
#pragma once

class QDockWidget;
class QWidget;

namespace adiff {

void dock_probe_start(QDockWidget *frame, QWidget *dock);
void dock_probe_stop();

} // namespace adiff
