// What the source shows before any clip exists: a neutral dark slate with a faint grid, 512x512.
#pragma once

#include <cstdint>

namespace adiff {

// Exact colours (0xRRGGBB, opaque), so tests can assert them:
//  - background everywhere: #2A2F38 (dark slate)
//  - grid lines: #3A414D, 2 px wide, centred on every multiple of 64 px in x and y
//    (pixels 63..64, 127..128, ..., 447..448 of each axis), i.e. a 8x8 grid of 64 px cells.
constexpr uint32_t kPlaceholderSize = 512;
constexpr uint32_t kPlaceholderBackground = 0x2A2F38;
constexpr uint32_t kPlaceholderGridLine = 0x3A414D;
constexpr uint32_t kPlaceholderGridStep = 64;

// Graphics context required; draws at (0,0) in kPlaceholderSize x kPlaceholderSize with the solid effect.
void draw_placeholder();

} // namespace adiff
