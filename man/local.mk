## man/: manual pages.
dist_man_MANS += man/psd.8
