/*
 * pstate.c: state names.
 */
#include <string.h>

#include "pstate.h"

static const char *const pstate_names[PS__COUNT] = {
	"STOPPED", "STARTING", "RUNNING", "READY", "BACKOFF", "STOPPING",
	"EXITED", "FATAL",
};

const char *
pstate_name(enum pstate s)
{
	return (unsigned int)s < PS__COUNT ? pstate_names[s] : "?";
}

enum pstate
pstate_parse(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < PS__COUNT; i++)
		if (strcmp(name, pstate_names[i]) == 0)
			return (enum pstate)i;
	return PS__COUNT;
}

bool
pstate_active(enum pstate s)
{
	return s == PS_STARTING || s == PS_RUNNING || s == PS_READY ||
	    s == PS_BACKOFF || s == PS_STOPPING;
}

bool
pstate_up(enum pstate s)
{
	return s == PS_RUNNING || s == PS_READY;
}

bool
pstate_down(enum pstate s)
{
	return s == PS_STOPPED || s == PS_EXITED || s == PS_FATAL;
}
