/*
 * config_expand.h: %(name)s expansion in config values.
 *
 *	%(program_name)s	the program's name (the section's)
 *	%(instance)d		its instance number; %(process_num)d too,
 *				with a width: %(instance)02d
 *	%(here)s		the directory of the file being read
 *	%(ENV_X)s		X from psd's environment (an error if unset)
 *	%%			a percent sign
 */
#ifndef PSD_CONFIG_EXPAND_H
#define PSD_CONFIG_EXPAND_H

#include <stddef.h>

struct expand_vars {
	const char	*program_name;	/* NULL in [psd] */
	int		 instance;	/* -1 in [psd] */
	const char	*here;
};

/* Expanded copy of s, or NULL with err set. */
char	*expand(const char *s, const struct expand_vars *v, char *err,
	    size_t errlen);

#endif
