/*
 * duration.c: parse and format durations.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "duration.h"

#define DURATION_MAX_MS ((int64_t)365 * 24 * 3600 * 1000)

int
duration_parse(const char *s, int64_t *ms)
{
	int64_t whole = 0, frac = 0, fscale = 1, unit;
	const char *p = s;
	int digits = 0;

	if (s == NULL)
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	while (isdigit((unsigned char)*p)) {
		whole = whole * 10 + (*p++ - '0');
		digits++;
		if (whole > DURATION_MAX_MS)
			return -1;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			if (fscale < 1000000) {
				frac = frac * 10 + (*p - '0');
				fscale *= 10;
			}
			p++;
			digits++;
		}
	}
	if (digits == 0)
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0' || strcmp(p, "s") == 0 || strcmp(p, "sec") == 0)
		unit = 1000;
	else if (strcmp(p, "ms") == 0)
		unit = 1;
	else if (strcmp(p, "m") == 0 || strcmp(p, "min") == 0)
		unit = 60 * 1000;
	else if (strcmp(p, "h") == 0)
		unit = 3600 * 1000;
	else
		return -1;
	if (whole > DURATION_MAX_MS / unit)
		return -1;
	*ms = whole * unit + (frac * unit) / fscale;
	if (*ms > DURATION_MAX_MS)
		return -1;
	return 0;
}

const char *
duration_format(int64_t ms, char *buf, size_t len)
{
	if (ms < 0)
		snprintf(buf, len, "-");
	else if (ms == 0)
		snprintf(buf, len, "0s");
	else if (ms % 3600000 == 0)
		snprintf(buf, len, "%lldh", (long long)(ms / 3600000));
	else if (ms % 60000 == 0)
		snprintf(buf, len, "%lldm", (long long)(ms / 60000));
	else if (ms % 1000 == 0)
		snprintf(buf, len, "%llds", (long long)(ms / 1000));
	else if (ms >= 1000 && ms % 100 == 0)
		snprintf(buf, len, "%lld.%llds", (long long)(ms / 1000),
		    (long long)(ms % 1000 / 100));
	else
		snprintf(buf, len, "%lldms", (long long)ms);
	return buf;
}
