/*
 * status_json.h: a status reply's programs and pools as JSON (psctl,
 * psd-http).
 */
#ifndef PSCTL_STATUS_JSON_H
#define PSCTL_STATUS_JSON_H

#include "json.h"
#include "progstatus.h"

/* Write one unpacked MSG_PROGRAM as an object of the "programs" array. */
void	 status_json_program(struct json *j, const struct progstatus *s);
/* Write one MSG_POOL as an object of the "pools" array. */
void	 status_json_pool(struct json *j, const struct proto_msg *m);

#endif
