/*
 * config_util.h: small string helpers the files of config/ share.
 */
#ifndef PSD_CONFIG_UTIL_H
#define PSD_CONFIG_UTIL_H

#include <stddef.h>

struct loader;

/* Read a whole file (at most CONFIG_MAX_FILE); NULL with an error
 * recorded (file:0: cannot read, not a regular file, too large). */
char	*config_read_file(struct loader *L, const char *path, size_t *len);
/* Resolve a path against a directory (a new string). */
char	*config_path_join(const char *dir, const char *path);
/* Damerau-Levenshtein distance (optimal string alignment), small strings;
 * 99 when either is longer than 32. */
int	 edit_distance(const char *a, const char *b);

#endif
