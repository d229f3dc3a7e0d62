## supervisor/: psd itself.
bin_PROGRAMS += psd
# Everything but main.c, so the unit tests link the same objects.
noinst_LIBRARIES += supervisor/libpsd.a
supervisor_libpsd_a_SOURCES = \
	supervisor/accept.c supervisor/accept.h \
	supervisor/control.c supervisor/control.h \
	supervisor/control_cmds.c supervisor/control_cmds.h \
	supervisor/control_logs.c supervisor/control_logs.h \
	supervisor/control_events.c supervisor/control_events.h \
	supervisor/control_sock.c supervisor/control_sock.h \
	supervisor/control_targets.c supervisor/control_targets.h \
	supervisor/control_sockets.c supervisor/control_sockets.h \
	supervisor/daemonize.c supervisor/daemonize.h \
	supervisor/drain.c supervisor/drain.h \
	supervisor/environ.c supervisor/environ.h \
	supervisor/evlistener.c supervisor/evlistener.h \
	supervisor/hooks.c supervisor/hooks.h \
	supervisor/jobctl.c supervisor/jobctl.h \
	supervisor/logfile.c supervisor/logfile.h \
	supervisor/logfmt.c supervisor/logfmt.h \
	supervisor/logring.c supervisor/logring.h \
	supervisor/loop.c supervisor/loop.h \
	supervisor/notify.c supervisor/notify.h \
	supervisor/notify_msg.c supervisor/notify_msg.h \
	supervisor/orphans.c supervisor/orphans.h \
	supervisor/lineage.c supervisor/lineage.h \
	supervisor/options.c supervisor/options.h \
	supervisor/output.c supervisor/output.h \
	supervisor/persona.c supervisor/persona.h \
	supervisor/pidmap.c supervisor/pidmap.h \
	supervisor/policy.c supervisor/policy.h \
	supervisor/pool.c supervisor/pool.h \
	supervisor/pool_run.c supervisor/pool_run.h \
	supervisor/pool_map.c supervisor/pool_map.h \
	supervisor/control_pool.c supervisor/control_pool.h \
	supervisor/probe.c supervisor/probe.h \
	supervisor/proctree.c supervisor/proctree.h \
	supervisor/program.c supervisor/program.h \
	supervisor/program_log.c \
	supervisor/readiness.c supervisor/readiness.h \
	supervisor/reap.c supervisor/reap.h \
	supervisor/reload.c supervisor/reload.h \
	supervisor/roster.c supervisor/roster.h \
	supervisor/sockets.c supervisor/sockets.h \
	supervisor/sdnotify.c supervisor/sdnotify.h \
	supervisor/sigdispatch.c supervisor/sigdispatch.h \
	supervisor/signals.c supervisor/signals.h \
	supervisor/sink.c supervisor/sink.h \
	supervisor/spawn.c supervisor/spawn.h \
	supervisor/stats.c supervisor/stats.h \
	supervisor/supervise.c supervisor/supervise.h \
	supervisor/tty.c supervisor/tty.h \
	supervisor/wiring.c supervisor/wiring.h \
	supervisor/workdone.c supervisor/workdone.h
psd_SOURCES = supervisor/main.c
psd_LDADD = supervisor/libpsd.a config/libpsdconfig.a lib/libpsdcommon.a $(INIH_LIBS)

# --enable-peer-links: tini, dumb-init, catatonit as links to psd.
if PEER_LINKS
psd_peer_links = tini dumb-init catatonit
endif
install-exec-hook:
	for n in $(psd_peer_links); do \
		rm -f "$(DESTDIR)$(bindir)/$$n" && \
		$(LN_S) psd "$(DESTDIR)$(bindir)/$$n" || exit 1; \
	done
uninstall-hook:
	for n in $(psd_peer_links); do rm -f "$(DESTDIR)$(bindir)/$$n"; done
