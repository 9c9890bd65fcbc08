/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
#ifndef EXAMPLES_LIBC_STDLIB_H
#define EXAMPLES_LIBC_STDLIB_H
#include <stddef.h>
unsigned long strtoul(const char *s, char **end, int base);
#endif
