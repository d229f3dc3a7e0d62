/*
 * config_values.c: the value types of config keys: booleans, numbers,
 * durations, signals, modes, sizes, users, groups and resource limits.
 */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include "config_int.h"
#include "config_keydef.h"
#include "duration.h"
#include "signame.h"
#include "util.h"
#include "xmalloc.h"

/* true/false/yes/no/on/off/1/0 */
int
p_bool(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	size_t i;

	(void)L;
	for (i = 0; i < nitems(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*FIELD(bool, t, k->off) = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*FIELD(bool, t, k->off) = false;
			return 0;
		}
	}
	snprintf(err, len, "\"%s\" is not a boolean; expected true or false",
	    v);
	return -1;
}

int
p_duration(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	(void)L;
	if (duration_parse(v, FIELD(int64_t, t, k->off)) < 0) {
		snprintf(err, len, "\"%s\" is not a duration; expected a"
		    " number with ms, s or m (500ms, 10s, 2m)", v);
		return -1;
	}
	return 0;
}

int
p_int(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	long n;

	(void)L;
	if (parse_long(v, k->lo, k->hi, &n) < 0) {
		snprintf(err, len, "\"%s\" is not a whole number from %ld to"
		    " %ld", v, k->lo, k->hi);
		return -1;
	}
	*FIELD(int, t, k->off) = (int)n;
	return 0;
}

/* nice: an int, and has_nice set */
int
p_nice(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	if (p_int(L, t, k, v, err, len) < 0)
		return -1;
	((struct progconf *)t)->has_nice = true;
	return 0;
}

int
p_octal(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	char *end;
	long n;

	(void)L;
	errno = 0;
	n = strtol(v, &end, 8);
	if (*v == '\0' || *end != '\0' || errno != 0 || n < k->lo ||
	    n > k->hi) {
		snprintf(err, len, "\"%s\" is not an octal mode like %s", v,
		    k->hi == 0777 && k->off == PC(umask) ? "022" : "0660");
		return -1;
	}
	*FIELD(mode_t, t, k->off) = (mode_t)n;
	if (k->off == PC(umask))
		((struct progconf *)t)->has_umask = true;
	return 0;
}

int
p_signal(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	int sig = sig_parse(v, 0);

	(void)L;
	if (sig <= 0 || sig == SIGSTOP) {
		snprintf(err, len, "\"%s\" is not a signal psd can send; expected"
		    " a name like TERM or a number", v);
		return -1;
	}
	*FIELD(int, t, k->off) = sig;
	return 0;
}

int
p_restart(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	enum restart_mode *m = FIELD(enum restart_mode, t, k->off);

	(void)L;
	if (strcmp(v, "always") == 0)
		*m = RESTART_ALWAYS;
	else if (strcmp(v, "on-failure") == 0)
		*m = RESTART_ON_FAILURE;
	else if (strcmp(v, "never") == 0)
		*m = RESTART_NEVER;
	else {
		snprintf(err, len, "\"%s\" is not a restart policy; expected"
		    " always, on-failure or never", v);
		return -1;
	}
	return 0;
}

int
p_retries(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	if (strcmp(v, "infinite") == 0) {
		*FIELD(int, t, k->off) = -1;
		return 0;
	}
	if (p_int(L, t, k, v, err, len) < 0) {
		snprintf(err, len, "\"%s\" is not a number of retries; expected"
		    " 0 to %ld, or infinite", v, k->hi);
		return -1;
	}
	return 0;
}

int
p_user(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;
	struct passwd *pw;
	gid_t groups[256];
	int ng = (int)nitems(groups);
	long n;

	(void)L;
	(void)k;
	errno = 0;
	pw = parse_long(v, 0, INT_MAX, &n) == 0 ? getpwuid((uid_t)n) :
	    getpwnam(v);
	if (pw == NULL) {
		snprintf(err, len, "no such user \"%s\"", v);
		return -1;
	}
	free(pc->user);
	pc->user = xstrdup(pw->pw_name);
	pc->has_user = true;
	pc->uid = pw->pw_uid;
	if (!pc->has_group)
		pc->gid = pw->pw_gid;
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &ng) < 0)
		ng = (int)nitems(groups);
	free(pc->groups);
	pc->groups = xcalloc((size_t)ng + 1, sizeof *pc->groups);
	memcpy(pc->groups, groups, (size_t)ng * sizeof *groups);
	pc->ngroups = ng;
	return 0;
}

/* A group by name or number; *gid filled. */
int
p_gid(const char *v, gid_t *gid, char **name)
{
	struct group *gr;
	long n;

	gr = parse_long(v, 0, INT_MAX, &n) == 0 ? getgrgid((gid_t)n) :
	    getgrnam(v);
	if (gr == NULL)
		return -1;
	*gid = gr->gr_gid;
	free(*name);
	*name = xstrdup(gr->gr_name);
	return 0;
}

int
p_group(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;

	(void)L;
	(void)k;
	if (p_gid(v, &pc->gid, &pc->group) < 0) {
		snprintf(err, len, "no such group \"%s\"", v);
		return -1;
	}
	pc->has_group = true;
	return 0;
}

/* socket_user = USER: the owner of the program's unix socket files. */
int
p_socket_user(struct loader *L, void *t, const struct keydef *k,
    const char *v, char *err, size_t len)
{
	struct progconf *pc = t;
	struct passwd *pw;
	long n;

	(void)L;
	(void)k;
	pw = parse_long(v, 0, INT_MAX, &n) == 0 ? getpwuid((uid_t)n) :
	    getpwnam(v);
	if (pw == NULL) {
		snprintf(err, len, "no such user \"%s\"", v);
		return -1;
	}
	pc->socket_uid = pw->pw_uid;
	pc->has_socket_user = true;
	return 0;
}

/* socket_group = GROUP: the group of the program's unix socket files. */
int
p_socket_group(struct loader *L, void *t, const struct keydef *k,
    const char *v, char *err, size_t len)
{
	struct progconf *pc = t;
	char *name = NULL;

	(void)L;
	(void)k;
	if (p_gid(v, &pc->socket_gid, &name) < 0) {
		snprintf(err, len, "no such group \"%s\"", v);
		return -1;
	}
	free(name);
	pc->has_socket_group = true;
	return 0;
}

/* One rlimit value: a number or infinity. */
static int
p_rlim(const char *v, rlim_t *r)
{
	char *end;
	unsigned long long n;

	if (strcmp(v, "infinity") == 0 || strcmp(v, "unlimited") == 0) {
		*r = RLIM_INFINITY;
		return 0;
	}
	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (*end != '\0' || errno != 0)
		return -1;
	*r = (rlim_t)n;
	return 0;
}

/* limit_X = N | infinity | SOFT:HARD */
int
p_limit(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	struct progconf *pc = t;
	struct rlimit rl;
	char buf[128], *colon;
	int i;

	(void)L;
	snprintf(buf, sizeof buf, "%s", v);
	colon = strchr(buf, ':');
	if (colon != NULL)
		*colon++ = '\0';
	if (p_rlim(buf, &rl.rlim_cur) < 0 ||
	    p_rlim(colon != NULL ? colon : buf, &rl.rlim_max) < 0 ||
	    (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)) {
		snprintf(err, len, "\"%s\" is not a limit; expected N, infinity,"
		    " or SOFT:HARD with SOFT <= HARD", v);
		return -1;
	}
	for (i = 0; i < pc->nrlimits; i++)
		if (pc->rlimits[i].resource == (int)k->lo)
			break;
	if (i == pc->nrlimits) {
		if (pc->nrlimits == PROGCONF_MAX_RLIMITS)
			return 0;
		pc->rlimits = xreallocarray(pc->rlimits,
		    (size_t)pc->nrlimits + 1, sizeof *pc->rlimits);
		pc->nrlimits++;
	}
	pc->rlimits[i].resource = (int)k->lo;
	pc->rlimits[i].lim = rl;
	return 0;
}

/* "10MB", "1GiB", "4096" */
int
p_size(struct loader *L, void *t, const struct keydef *k, const char *v,
    char *err, size_t len)
{
	static const struct { const char *s; int64_t m; } units[] = {
		{ "", 1 }, { "B", 1 }, { "K", 1024 }, { "KiB", 1024 },
		{ "kB", 1000 }, { "KB", 1000 }, { "M", 1 << 20 },
		{ "MiB", 1 << 20 }, { "MB", 1000000 }, { "G", 1 << 30 },
		{ "GiB", 1 << 30 }, { "GB", 1000000000 },
	};
	char *end;
	long long n;
	size_t i;

	(void)L;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (isdigit((unsigned char)*v) && errno == 0 && n >= 0)
		for (i = 0; i < nitems(units); i++)
			if (strcmp(end, units[i].s) == 0 &&
			    n <= INT64_MAX / units[i].m) {
				*FIELD(int64_t, t, k->off) = n * units[i].m;
				return 0;
			}
	snprintf(err, len, "\"%s\" is not a size; expected bytes, or a number"
	    " with K, M or G (10M, 1GiB)", v);
	return -1;
}
