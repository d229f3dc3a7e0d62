/*
 * policy.h: what a supervised program does next, as a pure function.
 *
 * policy_step(params, state, event, status, now) updates the state and
 * returns the action to take (spawn, signal, kill); the caller performs it
 * and arms a timer for state->deadline.  The one deadline stands for
 * whichever is due first: start_seconds, the readiness timeout, the
 * watchdog, the stop timeout, the end of a backoff.  No system calls happen here, so
 * every (state, event) pair is unit-tested on a fake clock.
 */
#ifndef PSD_POLICY_H
#define PSD_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "pstate.h"

enum pevent {
	PE_START,	/* start requested */
	PE_STOP,	/* stop requested (deliberate: never restarts) */
	PE_EXEC_OK,	/* exec succeeded */
	PE_EXEC_FAILED,	/* exec (or the set-up before it) failed */
	PE_SPAWN_FAILED,/* fork failed (EAGAIN, ENOMEM): retry later */
	PE_EXITED,	/* the main pid was reaped; status given */
	PE_TIMER,	/* state->deadline passed */
	PE_READY,	/* readiness check passed */
	PE_FAIL,	/* psd judged it failed; status: the signal to send */
	PE_WATCHDOG,	/* WATCHDOG=1 (status 0) or WATCHDOG=trigger (1) */
	PE_EXTEND,	/* EXTEND_TIMEOUT_USEC: status = ms more to wait */
	PE_STOPPING,	/* STOPPING=1: it is ending on its own */
	PE__COUNT
};

enum paction {
	PA_NONE,
	PA_SPAWN,	/* fork and exec it */
	PA_SIGNAL,	/* send result.signal (stop or watchdog signal) */
	PA_KILL,	/* send SIGKILL */
};

struct policy_params {
	enum restart_mode	 restart;
	int64_t			 restart_delay;
	int64_t			 restart_delay_max;
	int64_t			 start_seconds;
	int			 start_retries;		/* -1: infinite */
	int			 stop_signal;
	int64_t			 stop_timeout;
	bool			 has_ready;
	int64_t			 ready_timeout;		/* 0: wait forever */
	int64_t			 watchdog;		/* 0: off */
	int			 watchdog_signal;
	bool			 sd;	/* supervisord's meaning (progconf) */
	uint8_t			 exitcodes[32];	/* sd: expected codes */
};

/* Why psd itself ended the current run (policy_state.fail). */
enum pfail {
	PF_NONE,
	PF_READY_TIMEOUT,	/* not ready within ready_timeout */
	PF_WATCHDOG,		/* a watchdog miss */
	PF_WATCHDOG_TRIGGER,	/* WATCHDOG=trigger */
	PF_OTHER,		/* PE_FAIL */
};

struct policy_state {
	enum pstate		 state;
	int			 fast_fails;	/* consecutive fast failures */
	int			 spawn_fails;	/* consecutive fork failures */
	int64_t			 started;	/* when the current run began */
	int64_t			 deadline;	/* 0: none */
	bool			 deliberate;	/* the stop in progress was asked */
	bool			 killed;	/* SIGKILL sent */
	bool			 exec_ok;
	bool			 was_ready;	/* this run reached READY */
	bool			 self_stop;	/* STOPPING=1: ends on its own */
	int64_t			 ready_due;	/* readiness timeout; 0: none */
	int64_t			 watchdog_due;	/* next WATCHDOG=1 due; 0: none */
	unsigned int		 watchdog_misses; /* over the program's life */
	enum pfail		 fail;		/* why psd ended this run */
};

struct policy_result {
	enum paction		 action;
	int			 signal;	/* for PA_SIGNAL */
	bool			 restart;	/* an automatic restart */
	bool			 ended;		/* EXITED or FATAL on its own */
	bool			 failed;	/* the exit counts as a failure */
	bool			 fast;		/* ... and came too soon */
	int64_t			 delay;		/* BACKOFF: how long */
	bool			 watchdog_miss;	/* this step counted a miss */
};

/* Shortest run that counts as healthy (start_seconds, at least 1s). */
#define POLICY_MIN_HEALTHY_MS	1000
/* Backoff after fork failures starts here. */
#define POLICY_SPAWN_RETRY_MS	100

const char		*pevent_name(enum pevent e);

void			 policy_params_from(struct policy_params *pp,
			    const struct progconf *pc);
/* Why psd ended the run ("not ready within 5s"), or NULL: not psd. */
const char		*policy_failure(const struct policy_params *pp,
			    const struct policy_state *st, char *buf,
			    size_t len);
struct policy_result	 policy_step(const struct policy_params *pp,
			    struct policy_state *st, enum pevent ev,
			    int status, int64_t now);

#endif
