/*
 * proctree.h: psd's process tree from /proc, for psctl tree and stats.
 *
 * Every descendant of psd with its kernel state letter (R S D T Z, as ps
 * shows it), attributed to the program it runs under, or marked as an
 * adopted orphan.  Read on request only; psd never polls /proc.
 */
#ifndef PSD_PROCTREE_H
#define PSD_PROCTREE_H

#include <stdint.h>

struct proto_buf;

/* Stream one MSG_PROC per process (pre-order), then MSG_END. */
void	 proctree_send(struct proto_buf *out);
/* How many of psd's descendants are zombies right now. */
int	 proctree_zombies(void);

#endif
