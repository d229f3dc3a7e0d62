## supervisor/: psd itself.
bin_PROGRAMS += psd
psd_SOURCES = supervisor/main.c
psd_LDADD = lib/libpsdcommon.a
