/*
 * demo_opts.h: the options shared by psd-zombies, psd-orphans and
 * psd-doublefork (--count, --every, --linger, --quiet, ...).
 */
#ifndef PSD_DEMO_OPTS_H
#define PSD_DEMO_OPTS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct demo_opts {
	const char	*name;		/* "psd-zombies" */
	int		 count;
	int64_t		 every;		/* ms; 0: once */
	int64_t		 linger;	/* ms */
	bool		 quiet;
	bool		 burst;		/* psd-orphans */
	bool		 wait;		/* psd-doublefork */
	int		 status;	/* psd-zombies: exit status of each */
};

/* Parse argv; prints usage and exits on -h or a bad option. */
void	 demo_parse(struct demo_opts *o, int argc, char **argv,
	    const char *usage_extra);
/* printf to stdout, prefixed "name[pid]: ", unless quiet. */
void	 demo_say(const struct demo_opts *o, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Sleep ms (nanosleep; a signal's default action still ends us). */
void	 demo_sleep(int64_t ms);
/*
 * Block until parent has exited and the kernel has given us a new parent
 * (the reaper): PR_SET_PDEATHSIG is sent only once that is done, so
 * getppid() then names the adopter.
 */
void	 demo_wait_orphaned(pid_t parent);

#endif
