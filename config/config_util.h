/*
 * config_util.h: small string helpers the files of config/ share.
 */
#ifndef PSD_CONFIG_UTIL_H
#define PSD_CONFIG_UTIL_H

/* Resolve a path against a directory (a new string). */
char	*config_path_join(const char *dir, const char *path);
/* Damerau-Levenshtein distance (optimal string alignment), small strings;
 * 99 when either is longer than 32. */
int	 edit_distance(const char *a, const char *b);

#endif
