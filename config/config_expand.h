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

/* A growing string, always NUL-terminated once anything was added. */
struct expand_buf {
	char	*s;
	size_t	 len, cap;
};

void	 expand_buf_add(struct expand_buf *b, const char *s, size_t n);

/*
 * The walk both dialects share: text is copied, %% is a percent sign,
 * and each "%(" is handed to one(), which appends its value to b and
 * returns how many characters after "%(" it used (-1: err is set).  A
 * lone % is kept when lone_err is NULL, else it is that error.  Returns
 * the expanded copy, or NULL.
 */
typedef int (*expand_one_fn)(struct expand_buf *b, const char *p,
    const void *arg, char *err, size_t errlen);
char	*expand_walk(const char *s, expand_one_fn one, const void *arg,
	    const char *lone_err, char *err, size_t errlen);

/* Expanded copy of s, or NULL with err set. */
char	*expand(const char *s, const struct expand_vars *v, char *err,
	    size_t errlen);

#endif
