// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Console (PL011 found in the DTB) and the transcript printer. Only %s %c %d %u %x
// %lx %lu %ld %llx (and a 0-padding width) are supported.
#include "conform.h"

static unsigned t_lines;
static const char *t_sec; /* set by the runner; no initialised pointers (see conform.h) */

void c_putc(char c)
{
	volatile u32 *uart = (volatile u32 *)plat.uart;
	if (!uart)
		return;
	if (c == '\n')
		c_putc('\r');
	while (uart[0x18 / 4] & BIT(5)) /* UARTFR.TXFF */
		;
	uart[0] = (u32)(unsigned char)c;
}

static void put_num(u64 v, unsigned base, int width, int neg)
{
	char buf[24];
	int n = 0;
	do {
		unsigned d = (unsigned)(v % base);
		buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (neg)
		c_putc('-');
	while (width-- > n)
		c_putc('0');
	while (n)
		c_putc(buf[--n]);
}

void c_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			c_putc(*fmt);
			continue;
		}
		fmt++;
		int width = 0, lng = 0;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			while (*s)
				c_putc(*s++);
			break;
		}
		case 'c':
			c_putc((char)va_arg(ap, int));
			break;
		case 'd': {
			long long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(v < 0 ? (u64)-v : (u64)v, 10, width, v < 0);
			break;
		}
		case 'u':
			put_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, width,
				0);
			break;
		case 'x':
			put_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, width,
				0);
			break;
		case '%':
			c_putc('%');
			break;
		default:
			c_putc('?');
			break;
		}
		if (!*fmt)
			break;
	}
}

void c_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	c_vprintf(fmt, ap);
	va_end(ap);
}

void t_section(const char *name)
{
	t_sec = name;
}
unsigned t_count(void)
{
	return t_lines;
}

void t_line(const char *fmt, ...)
{
	va_list ap;
	c_printf("T: %s: ", t_sec ? t_sec : "boot");
	va_start(ap, fmt);
	c_vprintf(fmt, ap);
	va_end(ap);
	c_putc('\n');
	t_lines++;
}

void t_reg(const char *name, u64 v)
{
	t_line("%s=0x%lx", name, (unsigned long)v);
}

void t_regm(const char *name, u64 v, u64 mask, const char *why)
{
	t_line("%s=0x%lx (masked 0x%lx: %s)", name, (unsigned long)(v & ~mask), (unsigned long)mask,
	       why);
}
