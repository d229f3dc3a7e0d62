## man/: manual pages.
dist_man_MANS += man/psd.8 man/psd.conf.5 man/psctl.1 man/psd-zombies.1 \
	man/psd-orphans.1 man/psd-doublefork.1 man/psd-http.8
