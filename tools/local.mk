## tools/: psctl and the demonstration tools.
bin_PROGRAMS += psctl psd-zombies psd-orphans psd-doublefork

psctl_SOURCES = \
	tools/psctl.c tools/psctl.h \
	tools/psctl_client.c tools/psctl_client.h \
	tools/psctl_io.c \
	tools/psctl_logs.c \
	tools/psctl_events.c \
	tools/psctl_top.c tools/psctl_topdata.c tools/psctl_top.h \
	tools/psctl_show.c \
	tools/psctl_sockets.c \
	tools/psctl_verbs.c \
	tools/psctl_pool.c \
	tools/psctl_super.c \
	tools/status_json.c tools/status_json.h \
	tools/json.c tools/json.h
psctl_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
psctl_LDADD = lib/libpsdcommon.a $(NCURSES_LIBS)

# psd-http: HTTP health and metrics, only with libmicrohttpd.
if HAVE_MHD
bin_PROGRAMS += psd-http
endif
psd_http_SOURCES = \
	tools/psd-http.c tools/http.h \
	tools/http_serve.c tools/http_psd.c tools/http_metrics.c \
	tools/http_proc.c tools/http_gzip.c tools/http_gzip.h \
	tools/psctl_client.c tools/psctl_client.h \
	tools/status_json.c tools/status_json.h \
	tools/json.c tools/json.h
psd_http_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(ZLIB_CFLAGS) -pthread
psd_http_LDADD = lib/libpsdcommon.a $(MHD_LIBS) $(ZLIB_LIBS) -lpthread

noinst_LIBRARIES += tools/libdemo.a
tools_libdemo_a_SOURCES = tools/demo_opts.c tools/demo_opts.h
psd_zombies_SOURCES = tools/psd-zombies.c
psd_zombies_LDADD = tools/libdemo.a lib/libpsdcommon.a
psd_orphans_SOURCES = tools/psd-orphans.c
psd_orphans_LDADD = tools/libdemo.a lib/libpsdcommon.a
psd_doublefork_SOURCES = tools/psd-doublefork.c
psd_doublefork_LDADD = tools/libdemo.a lib/libpsdcommon.a

# Helpers for the integration tests.
check_PROGRAMS += tests/helpers/sigrecord tests/helpers/fdlist \
	tests/helpers/linegen
tests_helpers_sigrecord_SOURCES = tests/helpers/sigrecord.c
tests_helpers_sigrecord_LDADD = lib/libpsdcommon.a
tests_helpers_fdlist_SOURCES = tests/helpers/fdlist.c
tests_helpers_linegen_SOURCES = tests/helpers/linegen.c
tests_helpers_linegen_LDADD = lib/libpsdcommon.a

# psctl's bash completion, installed under the name bash-completion looks
# up when "psctl" is first completed.
EXTRA_DIST += tools/completion/psctl
if BASH_COMPLETION
bashcompletion_DATA = tools/completion/psctl
endif
