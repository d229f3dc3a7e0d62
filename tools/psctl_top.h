/*
 * psctl_top.h: psctl top's model and frame, apart from the terminal.
 *
 * psctl_topdata.c asks psd (STATUS, STATS, TREE, the pools on one
 * connection),
 * samples CPU and RSS from /proc, and lays out one frame as lines of
 * text with an attribute each; psctl_top.c draws them with ncurses, or
 * prints them (--once, or a psctl built without ncurses).
 */
#ifndef PSCTL_TOP_H
#define PSCTL_TOP_H

#include <stdbool.h>
#include <stdint.h>

#include "psctl_client.h"

#define TOP_EVENTS_KEPT	200
#define TOP_LINE_MAX	512

struct top_prog {
	char		*name, *state, *last_exit, *ready_kind;
	int64_t		 pid, uptime_ms, restarts, orphans;
	double		 cpu;		/* % of one CPU, -1: not known yet */
	int64_t		 rss_kb;
	int		 zombies;	/* its processes in state Z now */
	bool		 expanded;
};

struct top_proc {
	int64_t		 pid, ppid, depth;
	char		 state;
	char		*program, *command;
};

/* A pool of one-shot jobs (psd.conf(5) [pool:NAME]). */
struct top_pool {
	char		*name;
	int64_t		 workers, running, queued, done, failed;
	bool		 closed;
};

/* CPU ticks of a pid at the previous sample. */
struct top_tick {
	int64_t		 pid;
	uint64_t	 ticks;
};

struct top_data {
	struct top_prog	*progs;
	int		 nprogs;
	struct top_proc	*procs;
	int		 nprocs;
	struct top_pool	*pools;
	int		 npools;
	int64_t		 psd_pid, uptime_ms, reaped, orphans, attributed;
	int64_t		 restarts, zombies, processes;
	char		 attribution[32];
	double		 reaped_per_s;
	int64_t		 last_ms, last_reaped;	/* the previous fetch */
	struct top_tick	*ticks;
	int		 nticks;
	char		*events[TOP_EVENTS_KEPT];	/* the pane, a ring */
	int		 nevents, events_head;
	char		*expanded[64];	/* names kept expanded across fetches */
	int		 nexpanded;
};

/* What the user chose on the screen. */
struct top_view {
	int		 selected;	/* index among the programs shown */
	char		 filter[64];	/* programs whose name contains it */
	bool		 ascii;		/* no UTF-8 line drawing */
	bool		 help;
	const char	*pane_title;	/* "events" or "log of NAME" */
	char		 message[256];	/* the last action's result */
};

enum top_attr {
	TA_NORMAL, TA_HEADER, TA_TITLE, TA_SELECTED, TA_ZOMBIE, TA_DIM,
	TA_GOOD, TA_WARN, TA_BAD,
};

struct top_line {
	char		 text[TOP_LINE_MAX];
	enum top_attr	 attr;
	int		 hl_start, hl_len;	/* a coloured span (the state) */
	enum top_attr	 hl_attr;
};

/* Ask psd for everything on c (a connected client).  0, or -1 with err. */
int	 top_fetch(struct top_data *d, struct client *c, char *err,
	    size_t errlen);
void	 top_data_free(struct top_data *d);
/* Add a line to the bottom pane. */
void	 top_add_event(struct top_data *d, const char *line);
void	 top_toggle(struct top_data *d, const char *name);
/* The programs the filter shows; n of them. */
int	 top_visible(const struct top_data *d, const struct top_view *v,
	    int *idx, int max);
/* Lay out a frame of rows lines of cols columns into f (rows entries). */
int	 top_render(const struct top_data *d, const struct top_view *v,
	    int cols, int rows, struct top_line *f);

#endif
