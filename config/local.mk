## config/: config loading on inih, and the example configs.
noinst_LIBRARIES += config/libpsdconfig.a
config_libpsdconfig_a_SOURCES = \
	config/config.h config/config_int.h \
	config/config_load.c \
	config/config_include.c \
	config/config_diag.c config/config_diag.h \
	config/config_util.c config/config_util.h \
	config/config_reader.c \
	config/config_keys.c config/config_keydef.h \
	config/config_values.c \
	config/config_listen.c config/config_listen.h \
	config/config_finish.c \
	config/config_check.c \
	config/config_fleet.c \
	config/config_prog.c \
	config/config_pool.c \
	config/config_print.c \
	config/config_demo.c \
	config/config_words.c config/config_words.h \
	config/config_expand.c config/config_expand.h \
	config/procfile.c config/procfile.h config/procfile_load.c \
	config/dotenv.c config/dotenv.h \
	config/supervisord.h config/supervisord_int.h \
	config/supervisord_syntax.c config/supervisord_conf.c \
	config/supervisord_global.c config/supervisord_prog.c
nodist_config_libpsdconfig_a_SOURCES = config/demo_ini.c
config_libpsdconfig_a_CPPFLAGS = $(AM_CPPFLAGS) $(INIH_CFLAGS)
CLEANFILES += config/demo_ini.c
BUILT_SOURCES += config/demo_ini.c

# psd --demo carries examples/demo.ini inside the binary.
config/demo_ini.c: $(srcdir)/config/examples/demo.ini
	$(AM_V_GEN)$(MKDIR_P) config && { \
	  echo '/* generated from config/examples/demo.ini: do not edit */'; \
	  echo 'extern const char config_demo_ini[];'; \
	  echo 'const char config_demo_ini[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	    $(srcdir)/config/examples/demo.ini; \
	  echo ';'; } > $@-t && mv $@-t $@

exampledir = $(docdir)/examples
dist_example_DATA = \
	config/examples/demo.ini \
	config/examples/dev.ini \
	config/examples/container.ini \
	config/examples/psd.service \
	config/examples/fleet.ini \
	config/examples/kubernetes-pod.yaml \
	config/examples/nomad.hcl \
	config/examples/docker-compose.yml \
	config/examples/prometheus.yml
