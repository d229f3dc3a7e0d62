/*
 * sockpath.c: the control socket's default path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sockpath.h"

const char *
sockpath_resolve(const char *explicit_path, const char *config_path,
    char *buf, size_t len)
{
	const char *env;

	if (explicit_path != NULL)
		return explicit_path;
	if ((env = getenv("PSD_SOCKET")) != NULL && *env != '\0')
		return env;
	if (config_path != NULL)
		return config_path;
	if (geteuid() != 0 && (env = getenv("XDG_RUNTIME_DIR")) != NULL &&
	    *env == '/') {
		snprintf(buf, len, "%s/psd.sock", env);
		return buf;
	}
	return "/run/psd.sock";
}
