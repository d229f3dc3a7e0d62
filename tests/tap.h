/*
 * tap.h: a tiny TAP producer for the C unit tests (automake's TAP driver
 * reads it).  Header-only: each test program includes it once.
 *
 *   ok(cond, "name %d", i);  is_int(got, want, "name");
 *   is_str(got, want, "name");  return done_testing();
 */
#ifndef PSD_TAP_H
#define PSD_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static void __attribute__((format(printf, 2, 0)))
tap_vresult(int pass, const char *fmt, va_list ap)
{
	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
}

static int __attribute__((format(printf, 2, 3), unused))
ok(int pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	return pass;
}

static int __attribute__((format(printf, 3, 4), unused))
is_int_(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	int pass = got == want;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return pass;
}
#define is_int(got, want, ...) is_int_((long long)(got), (long long)(want), __VA_ARGS__)

static int __attribute__((format(printf, 3, 4), unused))
is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	int pass;

	pass = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);
	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n",
		    got ? got : "(null)", want ? want : "(null)");
	return pass;
}

static void __attribute__((format(printf, 1, 2), unused))
diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static int __attribute__((unused))
done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}

#endif
