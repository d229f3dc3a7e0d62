## bench/: benchmarks against tini, dumb-init, catatonit, supervisord,
## runit and s6.  Not part of `make check`: run by hand with `make bench`
## (as root, from the build directory); see bench/README.md.
EXTRA_PROGRAMS = bench/reaplat bench/orphanstream
bench_reaplat_SOURCES = bench/reaplat.c
bench_orphanstream_SOURCES = bench/orphanstream.c
CLEANFILES += $(EXTRA_PROGRAMS)
bench_scripts = bench/benchlib.py bench/pid1.py
EXTRA_DIST += $(bench_scripts)

# BENCH = the scripts to run; BENCH_ARGS go to each script.
BENCH = pid1
bench: psd psd-zombies $(EXTRA_PROGRAMS)
	@py='$(PYTHON3)'; test -n "$$py" || py=python3; \
	for b in $(BENCH); do \
	  echo "## bench/$$b.py"; \
	  $$py $(srcdir)/bench/$$b.py --build $(abs_top_builddir) \
	    $(BENCH_ARGS) || exit 1; \
	done
.PHONY: bench
