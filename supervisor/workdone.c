/*
 * workdone.c: the rules for the end of psd's work and its exit status.
 */
#include <stdio.h>

#include "roster.h"
#include "workdone.h"

bool
workdone_dep_satisfied(const struct program *dep)
{
	switch (program_state(dep)) {
	case PS_READY:
		return true;
	case PS_RUNNING:
		return dep->conf->ready == READY_NONE;
	case PS_EXITED:		/* a one-shot that finished well */
		return dep->has_exited && dep->exit_code == 0;
	default:
		return false;
	}
}

bool
workdone_pending_can_start(const struct program *p)
{
	const struct program *d;
	int j;

	for (j = 0; j < p->ndeps; j++) {
		d = p->deps[j];
		if (!workdone_dep_satisfied(d) &&
		    !pstate_active(program_state(d)) && !d->start_pending)
			return false;
	}
	return true;
}

/*
 * A program stopped by request has not ended: it waits for the user.  One
 * never started (autostart = false) or that can never start (a dependency
 * ended) does not count; a detached one counts once it has ended.
 */
static int	(*pools_work)(bool *ended);

void
workdone_set_pools(int (*fn)(bool *ended))
{
	pools_work = fn;
}

bool
workdone_all_ended(void)
{
	const struct program *p;
	bool any = false;
	int i;

	/* a closed pool with work is non-daemon until it drains */
	if (pools_work != NULL && pools_work(&any))
		return false;

	for (i = 0; i < roster_count(); i++) {
		p = roster_at(i);
		if (p->conf->daemon)
			continue;
		if (p->ended) {
			any = true;
			continue;
		}
		if (p->conf->detach)
			continue;
		if (pstate_active(program_state(p)))
			return false;
		if (p->start_pending) {
			if (workdone_pending_can_start(p))
				return false;
			continue;
		}
		if (p->spawns > 0 || program_state(p) != PS_STOPPED)
			return false;	/* stopped by request */
	}
	return any;
}

/* The ended non-daemon program that failed first, if any. */
static const struct program *
workdone_first_failed(void)
{
	const struct program *p, *first = NULL;
	int i;

	for (i = 0; i < roster_count(); i++) {
		p = roster_at(i);
		if (!p->conf->daemon && p->ended && p->ended_failed &&
		    (first == NULL || p->ended_seq < first->ended_seq))
			first = p;
	}
	return first;
}

/* The first program (in config order) that is FATAL now, if any. */
static const struct program *
workdone_first_fatal(void)
{
	int i;

	for (i = 0; i < roster_count(); i++)
		if (program_state(roster_at(i)) == PS_FATAL)
			return roster_at(i);
	return NULL;
}

/* A status as psd exits with it: 0-255, -e remapping applied. */
static int
workdone_final_status(int code, const bool remap[256])
{
	if (code < 0 || code > 255)
		code = 255;
	return remap[code] ? 0 : code;
}

/* A failed program's status: its exit code, 1 if that says 0. */
static int
workdone_failed_status(const struct program *p)
{
	return p->exit_code != 0 ? p->exit_code : 1;
}

/* "exited (status 5)", "went FATAL (status 127)". */
static const char *
workdone_how(const struct program *p, char *buf, size_t len)
{
	snprintf(buf, len, "%s (status %d)", program_state(p) == PS_FATAL ?
	    "went FATAL" : "exited", p->exit_code);
	return buf;
}

void
workdone_decide(struct supervise_result *res, enum supervise_cause cause,
    const char *why, const struct program *p, const bool remap[256])
{
	const struct program *q = NULL;
	char how[64], from[128], code[64], source[96];
	int status;

	res->cause = cause;
	res->from_main = false;
	source[0] = '\0';
	switch (cause) {
	case SV_CAUSE_MAIN:
		res->status = p->exit_code;
		snprintf(from, sizeof from, "main program %s",
		    workdone_how(p, how, sizeof how));
		break;
	case SV_CAUSE_ESSENTIAL:
		res->from_main = roster_main() != NULL;
		res->status = p->exit_code;
		snprintf(from, sizeof from, "essential program %s %s",
		    program_name(p), workdone_how(p, how, sizeof how));
		break;
	case SV_CAUSE_ALL_ENDED:
		q = workdone_first_failed();
		res->status = q != NULL ? workdone_failed_status(q) : 0;
		snprintf(from, sizeof from, "every non-daemon program has ended");
		if (q != NULL)
			snprintf(source, sizeof source,
			    ", from %s, the first that failed", program_name(q));
		else
			snprintf(source, sizeof source, " (none failed)");
		break;
	case SV_CAUSE_REQUEST:
	case SV_CAUSE_NONE:
		res->from_main = roster_main() != NULL;
		q = res->from_main ? NULL : workdone_first_fatal();
		res->status = q != NULL ? workdone_failed_status(q) : 0;
		snprintf(from, sizeof from, "%s", why != NULL ? why : "asked");
		if (q != NULL)
			snprintf(source, sizeof source, ", from %s, FATAL now",
			    program_name(q));
		else if (!res->from_main)
			snprintf(source, sizeof source, " (nothing is FATAL)");
		break;
	}
	status = workdone_final_status(res->status, remap);
	if (res->from_main)
		snprintf(code, sizeof code,
		    "exit status: the main program's, once it has stopped");
	else if (status != res->status)
		snprintf(code, sizeof code, "exit status %d (%d remapped)",
		    status, res->status);
	else
		snprintf(code, sizeof code, "exit status %d", status);
	snprintf(res->line, sizeof res->line, "%s; %s%s", from, code, source);
}

int
workdone_exit_status(const struct supervise_result *res, const bool remap[256])
{
	int code = res->status;

	if (res->from_main && roster_main() != NULL)
		code = roster_main()->exit_code;
	return workdone_final_status(code, remap);
}
