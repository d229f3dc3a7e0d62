## tests/: unit tests (C, TAP) and integration tests (shell, TAP).
## Every test prints TAP; .ci/run counts the results.
TEST_EXTENSIONS = .sh
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = $(SHELL)
if HAVE_SYSTEMD
psd_have_systemd = 1
else
psd_have_systemd = 0
endif
if SANITIZERS
psd_sanitizers = 1
else
psd_sanitizers = 0
endif
AM_TESTS_ENVIRONMENT = \
	PSD='$(abs_top_builddir)/psd'; PSCTL='$(abs_top_builddir)/psctl'; \
	TOOLS='$(abs_top_builddir)'; HELPERS='$(abs_top_builddir)/tests/helpers'; \
	FUZZ_DIR='$(abs_top_builddir)/tests/fuzz'; \
	PSD_HAVE_SYSTEMD=$(psd_have_systemd); PSD_SANITIZERS=$(psd_sanitizers); \
	export PSD PSCTL TOOLS HELPERS FUZZ_DIR PSD_HAVE_SYSTEMD PSD_SANITIZERS;

# A real sd_notify client, linked with libsystemd (psd itself never is);
# the tests that need it skip when libsystemd is not there.
if HAVE_LIBSYSTEMD_LINK
check_PROGRAMS += tests/helpers/notify-client
tests_helpers_notify_client_SOURCES = tests/helpers/notify-client.c
tests_helpers_notify_client_CFLAGS = $(AM_CFLAGS) $(LIBSYSTEMD_CFLAGS)
tests_helpers_notify_client_LDADD = $(LIBSYSTEMD_LIBS)
endif
EXTRA_DIST += tests/helpers/notify-client.c

unit_ldadd = supervisor/libpsd.a config/libpsdconfig.a lib/libpsdcommon.a $(INIH_LIBS)
unit_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/tests

check_PROGRAMS += \
	tests/unit/test_notify \
	tests/unit/test_policy \
	tests/unit/test_pool \
	tests/unit/test_supervise \
	tests/unit/test_control_cmds \
	tests/unit/test_spawn \
	tests/unit/test_options \
	tests/unit/test_persona \
	tests/unit/test_config \
	tests/unit/test_procfile \
	tests/unit/test_proto \
	tests/unit/test_logring \
	tests/unit/test_supervisord
tests_unit_test_supervisord_SOURCES = tests/unit/test_supervisord.c tests/tap.h
tests_unit_test_supervisord_CPPFLAGS = $(unit_cppflags) $(INIH_CFLAGS)
tests_unit_test_supervisord_LDADD = $(unit_ldadd)
tests_unit_test_notify_SOURCES = tests/unit/test_notify.c tests/tap.h
tests_unit_test_notify_CPPFLAGS = $(unit_cppflags)
tests_unit_test_notify_LDADD = $(unit_ldadd)
tests_unit_test_pool_SOURCES = tests/unit/test_pool.c tests/tap.h
tests_unit_test_pool_CPPFLAGS = $(unit_cppflags)
tests_unit_test_pool_LDADD = $(unit_ldadd)
tests_unit_test_policy_SOURCES = tests/unit/test_policy.c tests/tap.h
tests_unit_test_policy_CPPFLAGS = $(unit_cppflags)
tests_unit_test_policy_LDADD = $(unit_ldadd)
# supervise.c with fakes of what lies below it (program, loop, drain).
tests_unit_test_supervise_SOURCES = tests/unit/test_supervise.c tests/tap.h \
	tests/unit/supervise_fakes.c tests/unit/supervise_fakes.h \
	supervisor/supervise.c supervisor/workdone.c supervisor/roster.c \
	supervisor/policy.c
tests_unit_test_supervise_CPPFLAGS = $(unit_cppflags)
tests_unit_test_supervise_LDADD = config/libpsdconfig.a lib/libpsdcommon.a $(INIH_LIBS)
# control_cmds.c with fakes of the connection and what lies below it.
tests_unit_test_control_cmds_SOURCES = tests/unit/test_control_cmds.c \
	tests/tap.h tests/unit/control_fakes.c tests/unit/control_fakes.h \
	supervisor/control_cmds.c supervisor/control_targets.c \
	supervisor/policy.c
tests_unit_test_control_cmds_CPPFLAGS = $(unit_cppflags)
tests_unit_test_control_cmds_LDADD = config/libpsdconfig.a lib/libpsdcommon.a $(INIH_LIBS)
tests_unit_test_spawn_SOURCES = tests/unit/test_spawn.c tests/tap.h
tests_unit_test_spawn_CPPFLAGS = $(unit_cppflags)
tests_unit_test_spawn_LDADD = $(unit_ldadd)
tests_unit_test_options_SOURCES = tests/unit/test_options.c tests/tap.h
tests_unit_test_options_CPPFLAGS = $(unit_cppflags)
tests_unit_test_options_LDADD = $(unit_ldadd)
tests_unit_test_persona_SOURCES = tests/unit/test_persona.c tests/tap.h
tests_unit_test_persona_CPPFLAGS = $(unit_cppflags)
tests_unit_test_persona_LDADD = $(unit_ldadd)
tests_unit_test_config_SOURCES = tests/unit/test_config.c tests/tap.h
tests_unit_test_config_CPPFLAGS = $(unit_cppflags)
tests_unit_test_config_LDADD = $(unit_ldadd)
tests_unit_test_procfile_SOURCES = tests/unit/test_procfile.c tests/tap.h
tests_unit_test_procfile_CPPFLAGS = $(unit_cppflags)
tests_unit_test_procfile_LDADD = $(unit_ldadd)
tests_unit_test_proto_SOURCES = tests/unit/test_proto.c tests/tap.h
tests_unit_test_proto_CPPFLAGS = $(unit_cppflags)
tests_unit_test_proto_LDADD = $(unit_ldadd)
tests_unit_test_logring_SOURCES = tests/unit/test_logring.c tests/tap.h
tests_unit_test_logring_CPPFLAGS = $(unit_cppflags)
tests_unit_test_logring_LDADD = $(unit_ldadd)

TESTS += \
	tests/unit/test_notify \
	tests/unit/test_policy \
	tests/unit/test_pool \
	tests/unit/test_supervise \
	tests/unit/test_control_cmds \
	tests/unit/test_spawn \
	tests/unit/test_options \
	tests/unit/test_persona \
	tests/unit/test_config \
	tests/unit/test_procfile \
	tests/unit/test_proto \
	tests/unit/test_logring \
	tests/unit/test_supervisord \
	$(integration_tests)

# One behaviour per script; most run as PID 1 and as a subreaper.
integration_tests = \
	tests/integration/pool-verbs.sh \
	tests/integration/pool-concurrency.sh \
	tests/integration/pool-callback.sh \
	tests/integration/pool-shutdown.sh \
	tests/integration/pool-map.sh \
	tests/integration/supervisord-corpus.sh \
	tests/integration/supervisord-events.sh \
	tests/integration/print-config.sh \
	tests/integration/sockets-activation.sh \
	tests/integration/sockets-accept.sh \
	tests/integration/sockets-restart.sh \
	tests/integration/sockets-errors.sh \
	tests/integration/exit-status.sh \
	tests/integration/exec-failure.sh \
	tests/integration/config-http.sh \
	tests/integration/fleet-examples.sh \
	tests/integration/http-health.sh \
	tests/integration/http-bad-clients.sh \
	tests/integration/http-prometheus.sh \
	tests/integration/http-pools-sockets.sh \
	tests/integration/orphan-burst.sh \
	tests/integration/signal-forward.sh \
	tests/integration/signal-table.sh \
	tests/integration/jobctl.sh \
	tests/integration/persona.sh \
	tests/integration/child-sigstate.sh \
	tests/integration/pgroup.sh \
	tests/integration/transparency.sh \
	tests/integration/drain.sh \
	tests/integration/pause.sh \
	tests/integration/pdeathsig.sh \
	tests/integration/tty.sh \
	tests/integration/term-again.sh \
	tests/integration/config-errors.sh \
	tests/integration/config-order.sh \
	tests/integration/config-restart.sh \
	tests/integration/config-instances.sh \
	tests/integration/config-daemon.sh \
	tests/integration/work-done.sh \
	tests/integration/config-stop.sh \
	tests/integration/config-hooks.sh \
	tests/integration/config-daemonize.sh \
	tests/integration/config-reload.sh \
	tests/integration/psctl-verbs.sh \
	tests/integration/psctl-options.sh \
	tests/integration/output-lines.sh \
	tests/integration/output-pressure.sh \
	tests/integration/output-failing.sh \
	tests/integration/output-files.sh \
	tests/integration/output-format.sh \
	tests/integration/psctl-logs.sh \
	tests/integration/psctl-events.sh \
	tests/integration/psctl-top.sh \
	tests/integration/attribution.sh \
	tests/integration/idle-wakeups.sh \
	tests/integration/demo-banner.sh \
	tests/integration/psctl-bad-clients.sh \
	tests/integration/psctl-permissions.sh \
	tests/integration/psctl-socket.sh \
	tests/integration/psctl-wait.sh \
	tests/integration/psctl-json.sh \
	tests/integration/psctl-color.sh \
	tests/integration/psctl-completion.sh \
	tests/integration/ready-notify.sh \
	tests/integration/ready-client.sh \
	tests/integration/ready-redis.sh \
	tests/integration/ready-watchdog.sh \
	tests/integration/ready-psd-service.sh \
	tests/integration/ready-spoof.sh \
	tests/integration/ready-exec.sh \
	tests/integration/ready-tcp.sh \
	tests/integration/ready-timeout.sh \
	tests/integration/ready-deps.sh \
	tests/integration/ready-log.sh \
	tests/integration/procfile-foreman.sh \
	tests/integration/procfile-mode.sh \
	tests/integration/psctl-supervisorctl.sh

EXTRA_DIST += tests/lib.sh tests/ptydrive.py tests/badclient.py \
	tests/sockload.py tests/sockserve.py \
	tests/checklines.py tests/fixtures tests/helpers/sdrec.sh \
	$(integration_tests)

# Fuzz targets: built with clang's libFuzzer when configure found it, and
# run for a bounded time by tests/fuzz/fuzz.sh (FUZZ_SECONDS).
TESTS += tests/fuzz/fuzz-config.sh tests/fuzz/fuzz-proto.sh \
	tests/fuzz/fuzz-notify.sh tests/fuzz/fuzz-procfile.sh \
	tests/fuzz/fuzz-evproto.sh tests/fuzz/fuzz-listen.sh \
	tests/fuzz/fuzz-gzip.sh tests/man-pages.sh
EXTRA_DIST += tests/man-pages.sh
# Cycles of calls and includes between files (issue 13).
TESTS += tests/cycles.sh
EXTRA_DIST += tests/cycles.sh tests/cycles
EXTRA_DIST += tests/fuzz/fuzz.sh tests/fuzz/fuzz-config.sh \
	tests/fuzz/fuzz-proto.sh tests/fuzz/fuzz_config.c tests/fuzz/fuzz_proto.c \
	tests/fuzz/fuzz-notify.sh tests/fuzz/fuzz_notify.c \
	tests/fuzz/fuzz-procfile.sh tests/fuzz/fuzz_procfile.c \
	tests/fuzz/fuzz-evproto.sh tests/fuzz/fuzz_evproto.c \
	tests/fuzz/fuzz-listen.sh tests/fuzz/fuzz_listen.c \
	tests/fuzz/fuzz-gzip.sh tests/fuzz/fuzz_gzip.c
fuzz_flags = -g -O1 -fsanitize=fuzzer,address,undefined $(DEFS) \
	-I$(top_srcdir)/lib -I$(top_srcdir)/config $(INIH_CFLAGS)
fuzz_config_srcs = \
	$(srcdir)/tests/fuzz/fuzz_config.c \
	$(srcdir)/config/config_load.c $(srcdir)/config/config_keys.c \
	$(srcdir)/config/config_values.c $(srcdir)/config/config_reader.c \
	$(srcdir)/config/config_listen.c \
	$(srcdir)/config/config_finish.c $(srcdir)/config/config_check.c \
	$(srcdir)/config/config_fleet.c $(srcdir)/config/config_pool.c \
	$(srcdir)/config/config_prog.c $(srcdir)/config/config_print.c \
	$(srcdir)/config/config_demo.c $(srcdir)/config/config_words.c \
	$(srcdir)/config/config_expand.c $(srcdir)/config/config_include.c \
	$(srcdir)/config/config_diag.c $(srcdir)/config/config_util.c \
	$(srcdir)/config/procfile.c $(srcdir)/config/procfile_load.c \
	$(srcdir)/config/dotenv.c \
	$(srcdir)/config/supervisord_syntax.c \
	$(srcdir)/config/supervisord_conf.c \
	$(srcdir)/config/supervisord_global.c \
	$(srcdir)/config/supervisord_prog.c \
	$(srcdir)/lib/log.c $(srcdir)/lib/xmalloc.c $(srcdir)/lib/signame.c \
	$(srcdir)/lib/duration.c $(srcdir)/lib/util.c $(srcdir)/lib/evproto.c
fuzz_proto_srcs = \
	$(srcdir)/tests/fuzz/fuzz_proto.c \
	$(srcdir)/lib/proto.c $(srcdir)/lib/progstatus.c $(srcdir)/lib/pstate.c \
	$(srcdir)/lib/xmalloc.c $(srcdir)/lib/log.c
fuzz_procfile_srcs = \
	$(srcdir)/tests/fuzz/fuzz_procfile.c $(srcdir)/config/procfile.c \
	$(srcdir)/config/dotenv.c $(srcdir)/lib/xmalloc.c $(srcdir)/lib/log.c
fuzz_evproto_srcs = \
	$(srcdir)/tests/fuzz/fuzz_evproto.c $(srcdir)/lib/evproto.c
fuzz_notify_srcs = \
	$(srcdir)/tests/fuzz/fuzz_notify.c $(srcdir)/supervisor/notify_msg.c
fuzz_listen_srcs = \
	$(srcdir)/tests/fuzz/fuzz_listen.c $(srcdir)/config/config_listen.c
fuzz_gzip_srcs = \
	$(srcdir)/tests/fuzz/fuzz_gzip.c $(srcdir)/tools/http_gzip.c
if HAVE_LIBFUZZER
if HAVE_ZLIB
check_DATA_gzip = tests/fuzz/fuzz_gzip
endif
tests/fuzz/fuzz_gzip: $(fuzz_gzip_srcs)
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	  $(CLANG) $(fuzz_flags) -I$(top_srcdir)/tools -o $@ \
	  $(fuzz_gzip_srcs) $(ZLIB_LIBS)
check_DATA = tests/fuzz/fuzz_config tests/fuzz/fuzz_proto tests/fuzz/fuzz_notify \
	tests/fuzz/fuzz_procfile tests/fuzz/fuzz_evproto tests/fuzz/fuzz_listen \
	$(check_DATA_gzip)
CLEANFILES += tests/fuzz/fuzz_config tests/fuzz/fuzz_proto tests/fuzz/fuzz_notify \
	tests/fuzz/fuzz_procfile tests/fuzz/fuzz_evproto tests/fuzz/fuzz_listen \
	tests/fuzz/fuzz_gzip
tests/fuzz/fuzz_listen: $(fuzz_listen_srcs)
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	  $(CLANG) $(fuzz_flags) -o $@ $(fuzz_listen_srcs)
tests/fuzz/fuzz_config: $(fuzz_config_srcs) config/demo_ini.c
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	  $(CLANG) $(fuzz_flags) -o $@ $(fuzz_config_srcs) config/demo_ini.c \
	  $(INIH_LIBS)
tests/fuzz/fuzz_proto: $(fuzz_proto_srcs)
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	  $(CLANG) $(fuzz_flags) -o $@ $(fuzz_proto_srcs)
tests/fuzz/fuzz_evproto: $(fuzz_evproto_srcs)
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	  $(CLANG) $(fuzz_flags) -o $@ $(fuzz_evproto_srcs)
tests/fuzz/fuzz_procfile: $(fuzz_procfile_srcs)
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	  $(CLANG) $(fuzz_flags) -o $@ $(fuzz_procfile_srcs)
tests/fuzz/fuzz_notify: $(fuzz_notify_srcs)
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	  $(CLANG) $(fuzz_flags) -I$(top_srcdir)/supervisor -o $@ \
	  $(fuzz_notify_srcs)
endif
