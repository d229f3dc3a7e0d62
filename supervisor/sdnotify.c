/*
 * sdnotify.c: tell psd's own service manager how psd is doing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_SYSTEMD
#include <dlfcn.h>
#include <systemd/sd-daemon.h>
#endif

#include "log.h"
#include "loop.h"
#include "program.h"
#include "sdnotify.h"
#include "supervise.h"
#include "util.h"

static bool		 active;
static bool		 sent_ready;
static bool		 stopping;
static struct timer	 status_timer;		/* coalesces changes */
static struct timer	 watchdog_timer;
static int64_t		 watchdog_every;	/* ms */
static char		 last_status[128];

#ifdef HAVE_SYSTEMD
static void			*lib;
static __typeof__(&sd_notify)	 fn_notify;
#endif

/* Is psd reporting to a service manager? */
bool
sdnotify_active(void)
{
	return active;
}

/* Send one message; a failure is only worth a debug line. */
static void
sdnotify_send(const char *msg)
{
#ifdef HAVE_SYSTEMD
	int r;

	if (!active)
		return;
	r = fn_notify(0, msg);
	if (r < 0)
		log_debug("sd_notify \"%.*s\": %s", (int)strcspn(msg, "\n"),
		    msg, strerror(-r));
	else
		log_trace("sd_notify: %.*s", (int)strcspn(msg, "\n"), msg);
#else
	(void)msg;
#endif
}

/* "5 running, 1 starting, 0 fatal" (or the count left while stopping). */
static void
sdnotify_counts(char *buf, size_t len)
{
	struct program *p;
	int i, up = 0, starting = 0, fatal = 0, left = 0;

	for (i = 0; i < supervise_count(); i++) {
		p = supervise_at(i);
		left += pstate_active(program_state(p));
		switch (program_state(p)) {
		case PS_READY:
			up++;
			break;
		case PS_RUNNING:
			if (p->conf->ready == READY_NONE)
				up++;
			else
				starting++;
			break;
		case PS_STARTING:
		case PS_BACKOFF:
			starting++;
			break;
		case PS_FATAL:
			fatal++;
			break;
		default:
			starting += p->start_pending;
			break;
		}
	}
	if (stopping)
		snprintf(buf, len, "stopping: %d left", left);
	else
		snprintf(buf, len, "%d running, %d starting, %d fatal", up,
		    starting, fatal);
}

/* After a batch of changes: STATUS=, and READY=1 the first time. */
static void
sdnotify_update(struct timer *t)
{
	char counts[sizeof last_status], msg[sizeof counts + 32], why[256];

	(void)t;
	sdnotify_counts(counts, sizeof counts);
	if (!sent_ready && !stopping && supervise_ready(why, sizeof why)) {
		sent_ready = true;
		snprintf(msg, sizeof msg, "READY=1\nSTATUS=%s", counts);
		log_debug("sd_notify: ready (%s)", counts);
	} else if (strcmp(counts, last_status) != 0)
		snprintf(msg, sizeof msg, "STATUS=%s", counts);
	else
		return;
	memcpy(last_status, counts, sizeof last_status);
	sdnotify_send(msg);
}

/* Tell the manager psd's loop is alive. */
static void
sdnotify_watchdog(struct timer *t)
{
	sdnotify_send("WATCHDOG=1");
	timer_set(t, loop_now() + watchdog_every);
}

/* Load libsystemd when NOTIFY_SOCKET is set; arm the watchdog. */
void
sdnotify_init(bool transparent)
{
	const char *ns = getenv("NOTIFY_SOCKET");

	timer_init(&status_timer, sdnotify_update, NULL);
	timer_init(&watchdog_timer, sdnotify_watchdog, NULL);
	if (ns == NULL || *ns == '\0' || transparent)
		return;
#ifdef HAVE_SYSTEMD
	{
		__typeof__(&sd_watchdog_enabled) fn_watchdog;
		uint64_t usec = 0;

		lib = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
		if (lib == NULL) {
			log_warnx("NOTIFY_SOCKET is set, but libsystemd cannot"
			    " be loaded (%s): not notifying", dlerror());
			return;
		}
		fn_notify = (__typeof__(fn_notify))dlsym(lib, "sd_notify");
		fn_watchdog = (__typeof__(fn_watchdog))dlsym(lib,
		    "sd_watchdog_enabled");
		if (fn_notify == NULL) {
			log_warnx("libsystemd.so.0 has no sd_notify: not"
			    " notifying");
			dlclose(lib);
			lib = NULL;
			return;
		}
		active = true;
		if (fn_watchdog != NULL && fn_watchdog(0, &usec) > 0) {
			watchdog_every = (int64_t)(usec / 2000);
			if (watchdog_every < 1)
				watchdog_every = 1;
			timer_set(&watchdog_timer, loop_now() + watchdog_every);
		}
		log_debug("sd_notify: reporting to %s%s", ns,
		    watchdog_every > 0 ? ", with a watchdog" : "");
	}
#else
	log_info("NOTIFY_SOCKET is set, but psd was built without systemd"
	    " support: not notifying");
#endif
}

/* Coalesce changes: send STATUS= at the end of this iteration. */
void
sdnotify_changed(void)
{
	if (active && !timer_armed(&status_timer))
		timer_set(&status_timer, loop_now());
}

/* Say a reload begins (RELOADING=1 with MONOTONIC_USEC). */
void
sdnotify_reloading(void)
{
	char msg[96];

	snprintf(msg, sizeof msg, "RELOADING=1\nMONOTONIC_USEC=%lld\n"
	    "STATUS=reloading", (long long)clock_us());
	sdnotify_send(msg);
	last_status[0] = '\0';
}

/* Say the reload is done (READY=1, if psd was ready). */
void
sdnotify_reloaded(void)
{
	if (sent_ready)
		sdnotify_send("READY=1");
	sdnotify_changed();
}

/* Say the shutdown begins (STOPPING=1). */
void
sdnotify_stopping(void)
{
	if (!active || stopping)
		return;
	stopping = true;
	sdnotify_send("STOPPING=1\nSTATUS=stopping");
	sdnotify_counts(last_status, sizeof last_status);
}

/* Stop the timers and unload libsystemd. */
void
sdnotify_free(void)
{
	if (!active)
		return;
	timer_cancel(&status_timer);
	timer_cancel(&watchdog_timer);
	active = false;
#ifdef HAVE_SYSTEMD
	dlclose(lib);
	lib = NULL;
#endif
}
