// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// PL011 output and a small printf for the bare-metal examples (see console.h).
#include "console.h"

#define PL011_DR      0x00
#define PL011_FR      0x18
#define PL011_FR_TXFF (1u << 5)

/* The one piece of console state; set once by con_init() before any output. */
static volatile uint32_t *con_base;

void con_init(uintptr_t base)
{
	con_base = (volatile uint32_t *)base;
}

static void raw_putc(char c)
{
	if (!con_base)
		return;
	while (con_base[PL011_FR / 4] & PL011_FR_TXFF)
		;
	con_base[PL011_DR / 4] = (uint32_t)(unsigned char)c;
}

void con_putc(char c)
{
	if (c == '\n')
		raw_putc('\r');
	raw_putc(c);
}

void con_puts(const char *s)
{
	while (*s)
		con_putc(*s++);
}

static void put_num(uint64_t v, unsigned int base, int width, char pad, int neg)
{
	char buf[24];
	int n = 0;

	do {
		unsigned int d = (unsigned int)(v % base);
		buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v && n < (int)sizeof(buf));
	if (neg)
		width--;
	if (neg && pad == '0')
		con_putc('-');
	while (width-- > n)
		con_putc(pad);
	if (neg && pad != '0')
		con_putc('-');
	while (n)
		con_putc(buf[--n]);
}

void con_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			con_putc(*fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, lng = 0;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			con_puts(s ? s : "(null)");
			break;
		}
		case 'c':
			con_putc((char)va_arg(ap, int));
			break;
		case 'd': {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			put_num(v < 0 ? (uint64_t)-v : (uint64_t)v, 10, width, pad, v < 0);
			break;
		}
		case 'u':
			put_num(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int), 10, width,
				pad, 0);
			break;
		case 'x':
			put_num(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int), 16, width,
				pad, 0);
			break;
		case 'p':
			con_puts("0x");
			put_num((uintptr_t)va_arg(ap, void *), 16, width, pad, 0);
			break;
		case '%':
			con_putc('%');
			break;
		default:
			con_putc('%');
			if (*fmt)
				con_putc(*fmt);
			else
				return;
		}
	}
}

void con_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	con_vprintf(fmt, ap);
	va_end(ap);
}
