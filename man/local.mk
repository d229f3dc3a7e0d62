## man/: manual pages.
dist_man_MANS += man/psd.8 man/psd.conf.5 man/psctl.1
