/*
 * pidmap.c: open-addressing hash of pid -> struct child, with
 * backward-shift deletion so lookups never walk tombstones.
 */
#include <stdlib.h>
#include <string.h>

#include "pidmap.h"
#include "xmalloc.h"

static struct child	**slots;
static unsigned int	  nslots;	/* power of two */
static unsigned int	  nused;

static unsigned int
pidmap_hash(pid_t pid)
{
	return ((unsigned int)pid * 2654435761u) & (nslots - 1);
}

/* Grow to twice the size and rehash. */
static void
pidmap_grow(void)
{
	struct child **old = slots;
	unsigned int oldn = nslots, i, h;

	nslots = nslots ? nslots * 2 : 64;
	slots = xcalloc(nslots, sizeof *slots);
	for (i = 0; i < oldn; i++) {
		if (old[i] == NULL)
			continue;
		h = pidmap_hash(old[i]->pid);
		while (slots[h] != NULL)
			h = (h + 1) & (nslots - 1);
		slots[h] = old[i];
	}
	free(old);
}

void
pidmap_insert(struct child *c, pid_t pid)
{
	unsigned int h;

	if ((nused + 1) * 2 > nslots)
		pidmap_grow();
	c->pid = pid;
	h = pidmap_hash(pid);
	while (slots[h] != NULL) {
		if (slots[h]->pid == pid) {
			slots[h] = c;	/* a stale record for a reused pid */
			return;
		}
		h = (h + 1) & (nslots - 1);
	}
	slots[h] = c;
	nused++;
}

struct child *
pidmap_find(pid_t pid)
{
	unsigned int h;

	if (nslots == 0)
		return NULL;
	h = pidmap_hash(pid);
	while (slots[h] != NULL) {
		if (slots[h]->pid == pid)
			return slots[h];
		h = (h + 1) & (nslots - 1);
	}
	return NULL;
}

void
pidmap_remove(struct child *c)
{
	unsigned int h, j, k;

	if (c->pid == 0 || nslots == 0)
		return;
	h = pidmap_hash(c->pid);
	while (slots[h] != NULL && slots[h] != c)
		h = (h + 1) & (nslots - 1);
	c->pid = 0;
	if (slots[h] == NULL)
		return;
	slots[h] = NULL;
	nused--;
	/* Shift back later entries of the cluster that may sit past h. */
	j = h;
	for (;;) {
		j = (j + 1) & (nslots - 1);
		if (slots[j] == NULL)
			break;
		k = pidmap_hash(slots[j]->pid);
		if ((j > h && (k <= h || k > j)) || (j < h && (k <= h && k > j))) {
			slots[h] = slots[j];
			slots[j] = NULL;
			h = j;
		}
	}
}

void
pidmap_free(void)
{
	free(slots);
	slots = NULL;
	nslots = nused = 0;
}
