/*
 * readiness.h: how a program tells psd it is ready, and stays healthy.
 *
 * Per program: what sd_notify said (READY=1, STATUS=, MAINPID=, ERRNO=,
 * RELOADING=1, STOPPING=1, WATCHDOG=1/trigger, EXTEND_TIMEOUT_USEC=), the
 * exec:/tcp: probes (probe.c) and the log: pattern.  Timeouts and the
 * watchdog are deadlines of the policy (policy.c), so this file turns what
 * it learns into policy events (PE_READY, PE_WATCHDOG, PE_EXTEND, ...).
 *
 * Hooks: readiness_init() makes it a program observer (program_observe:
 * a spawn's environment, program_free) and an output observer
 * (output_on_line: a line matching ready = log:REGEX makes the program
 * READY once the loop is done with the pipe reads of that pass);
 * supervise.c calls readiness_changed() after every state change;
 * notify.c hands it each datagram it attributed (notify_on_message).
 * program.c never names this file: readiness and probe.c post events
 * with program_event().
 */
#ifndef PSD_READINESS_H
#define PSD_READINESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "policy.h"

struct program;
struct proto_buf;

/*
 * Hear of the programs' output lines (ready = log:REGEX), add
 * NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID to a ready = notify
 * spawn, and free a program's record with it (a program observer).
 */
void	 readiness_init(void);
/* p changed state (old -> p->ps.state) with result r. */
void	 readiness_changed(struct program *p, enum pstate old,
	    const struct policy_result *r);
struct progstatus;
/* Fill in the readiness fields of p's status record (psctl status). */
void	 readiness_status(const struct program *p, struct progstatus *s);

#endif
