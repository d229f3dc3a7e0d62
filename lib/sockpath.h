/*
 * sockpath.h: where the control socket is, for psd and psctl alike.
 *
 * An explicit path wins; then $PSD_SOCKET; then (psd only) the config's
 * [psd] socket; then $XDG_RUNTIME_DIR/psd.sock for a non-root user; then
 * /run/psd.sock.
 */
#ifndef PSD_SOCKPATH_H
#define PSD_SOCKPATH_H

#include <stddef.h>

/* Returns the path chosen (explicit or config_path may be NULL). */
const char	*sockpath_resolve(const char *explicit_path,
		    const char *config_path, char *buf, size_t len);

#endif
