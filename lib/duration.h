/*
 * duration.h: "250ms", "10s", "1.5s", "2m", "1h" <-> milliseconds.
 */
#ifndef PSD_DURATION_H
#define PSD_DURATION_H

#include <stddef.h>
#include <stdint.h>

/* Parse into *ms; a bare number means seconds.  0 on success, -1 if the
 * text is not a duration (negative, empty, unknown unit, too large). */
int duration_parse(const char *s, int64_t *ms);

/* Format ms as the shortest exact form ("1.5s", "250ms", "2m"). */
const char *duration_format(int64_t ms, char *buf, size_t len);

#endif
