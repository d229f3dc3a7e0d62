## bench/: benchmarks against tini, dumb-init, catatonit, supervisord,
## runit and s6.  Not part of `make check`: run by hand with `make bench`
## (as root, from the build directory); see bench/README.md.
EXTRA_PROGRAMS = bench/reaplat bench/orphanstream bench/tick bench/timecmd \
	bench/jobmark
bench_reaplat_SOURCES = bench/reaplat.c
bench_orphanstream_SOURCES = bench/orphanstream.c
bench_tick_SOURCES = bench/tick.c
bench_timecmd_SOURCES = bench/timecmd.c
bench_jobmark_SOURCES = bench/jobmark.c
# Not psd's include path: supervisor/spawn.h would hide <spawn.h>.
bench_timecmd_CPPFLAGS = -I$(top_builddir)
CLEANFILES += $(EXTRA_PROGRAMS)
bench_scripts = bench/benchlib.py bench/supervisors.py bench/pid1.py \
	bench/untangle.py bench/top.py \
	bench/scrape.py bench/sockets.py \
	bench/config.py bench/psctl.py bench/pool.py
EXTRA_DIST += bench/README.md bench/ready.py bench/log.py $(bench_scripts)

# BENCH = the scripts to run; BENCH_ARGS go to each script.
BENCH = pid1 config psctl ready log scrape sockets top pool
bench: psd psctl psd-zombies $(EXTRA_PROGRAMS) $(check_PROGRAMS)
	@py='$(PYTHON3)'; test -n "$$py" || py=python3; \
	for b in $(BENCH); do \
	  echo "## bench/$$b.py"; \
	  $$py $(srcdir)/bench/$$b.py --build $(abs_top_builddir) \
	    $(BENCH_ARGS) || exit 1; \
	done
.PHONY: bench
