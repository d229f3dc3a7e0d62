/*
 * stats.c: the one instance of psd's counters.
 */
#include "stats.h"

static struct stats stats;

struct stats *
stats_get(void)
{
	return &stats;
}
