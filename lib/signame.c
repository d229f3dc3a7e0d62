/*
 * signame.c: signal names <-> numbers.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "signame.h"

static const struct {
	const char	*name;
	int		 sig;
} sig_table[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "IOT", SIGIOT }, { "BUS", SIGBUS }, { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 }, { "PIPE", SIGPIPE }, { "ALRM", SIGALRM },
	{ "TERM", SIGTERM }, { "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD },
	{ "CLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH },
	{ "IO", SIGIO }, { "POLL", SIGPOLL }, { "PWR", SIGPWR },
	{ "SYS", SIGSYS },
};

/* Parse a decimal number in [lo, hi]; -1 if it is not one. */
static int
sig_number(const char *s, int lo, int hi)
{
	char *end;
	long v;

	if (*s == '\0' || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	return (int)v;
}

int
sig_parse(const char *s, int allow_zero)
{
	size_t i;
	int n;

	if (s == NULL || *s == '\0')
		return -1;
	if (isdigit((unsigned char)*s)) {
		n = sig_number(s, 0, SIGRTMAX);
		if (n == 0 && !allow_zero)
			return -1;
		return n;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < sizeof sig_table / sizeof sig_table[0]; i++)
		if (strcasecmp(s, sig_table[i].name) == 0)
			return sig_table[i].sig;
	if (strncasecmp(s, "RTMIN", 5) == 0) {
		if (s[5] == '\0')
			return SIGRTMIN;
		if (s[5] != '+')
			return -1;
		n = sig_number(s + 6, 0, SIGRTMAX - SIGRTMIN);
		return n < 0 ? -1 : SIGRTMIN + n;
	}
	if (strncasecmp(s, "RTMAX", 5) == 0) {
		if (s[5] == '\0')
			return SIGRTMAX;
		if (s[5] != '-')
			return -1;
		n = sig_number(s + 6, 0, SIGRTMAX - SIGRTMIN);
		return n < 0 ? -1 : SIGRTMAX - n;
	}
	return -1;
}

const char *
sig_name(int sig)
{
	static char buf[4][16];
	static unsigned int slot;
	char *b;
	size_t i;

	for (i = 0; i < sizeof sig_table / sizeof sig_table[0]; i++)
		if (sig_table[i].sig == sig)
			return sig_table[i].name;
	b = buf[slot++ % 4];
	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		if (sig == SIGRTMIN)
			snprintf(b, sizeof buf[0], "RTMIN");
		else
			snprintf(b, sizeof buf[0], "RTMIN+%d", sig - SIGRTMIN);
	} else
		snprintf(b, sizeof buf[0], "%d", sig);
	return b;
}
