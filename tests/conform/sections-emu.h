/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* The section list of conform_emu.bin, the image examples/emu runs: every section but el0, el0nvhe
 * (Unicorn's CPU runs L1 at EL1h only, so the emulator cannot run L1's own EL0). */
#define CONFORM_WITHOUT_EL0
#include "sections.h"
