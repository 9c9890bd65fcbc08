/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Minimal console for the bare-metal examples: a PL011 transmitter and a tiny
 * printf (%s %c %d %u %x %lx %lu %ld %p, optional 0-padding width). Polled, no
 * interrupts, no locking (one CPU).
 */
#ifndef EXAMPLES_CONSOLE_H
#define EXAMPLES_CONSOLE_H

#include <stdarg.h>
#include <stdint.h>

/** Select the PL011 at physical (= virtual, identity) address @p base. */
void con_init(uintptr_t base);
/** Write one character (LF becomes CR LF). */
void con_putc(char c);
/** Write a NUL-terminated string. */
void con_puts(const char *s);
/** printf subset (see file comment). */
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** vprintf flavour of con_printf. */
void con_vprintf(const char *fmt, va_list ap);

#endif
