/*
 * signame.h: signal names <-> numbers ("TERM", "SIGTERM", "15", "RTMIN+2").
 */
#ifndef PSD_SIGNAME_H
#define PSD_SIGNAME_H

/* Parse a signal name or number; returns the number, or -1.  "0" gives 0
 * only when allow_zero is set (signal rewriting uses 0 to drop). */
int sig_parse(const char *s, int allow_zero);

/* Short name without "SIG" ("TERM", "RTMIN+3"); a number if unknown. */
const char *sig_name(int sig);

#endif
