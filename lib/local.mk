## lib/: code shared by psd, psctl and the tests, built once.
noinst_LIBRARIES += lib/libpsdcommon.a
lib_libpsdcommon_a_SOURCES = \
	lib/log.c lib/log.h \
	lib/xmalloc.c lib/xmalloc.h \
	lib/signame.c lib/signame.h \
	lib/duration.c lib/duration.h \
	lib/util.c lib/util.h \
	lib/procfs.c lib/procfs.h \
	lib/proto.c lib/proto.h \
	lib/pstate.c lib/pstate.h \
	lib/progstatus.c lib/progstatus.h \
	lib/sockpath.c lib/sockpath.h \
	lib/evproto.c lib/evproto.h
