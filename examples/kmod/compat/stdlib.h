/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* <stdlib.h> for the host tests built into the kernel module: see ../kmod_test.h. */
#include "../kmod_test.h"
