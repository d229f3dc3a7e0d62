#!/bin/sh
# An unknown option is a usage error in every verb: exit 2, one line on
# stderr naming it, nothing sent to psd (never "no such program").
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF2
[program:a]
command = sleep 600
EOF2
# Each verb with the arguments it needs, the unknown option among them.
verbs="status:--bogus
status:a --bogus
start:--bogus a
stop:--bogus a
restart:--bogus a
signal:TERM --bogus a
wait:--bogus a
logs:--bogus a
tree:--bogus
stats:--bogus
ready:--bogus
ping:--bogus
reload:--bogus
shutdown:--bogus
version:--bogus"
start_cfg sub "$T/psd.ini"
wait_for state_is a RUNNING
old_ifs=$IFS
IFS='
'
for line in $verbs; do
	IFS=$old_ifs
	verb=${line%%:*}
	args=${line#*:}
	# shellcheck disable=SC2086
	ctl "$verb" $args > "$T/o" 2> "$T/e"
	is "$?" 2 "psctl $verb $args: exit 2"
	is "$(cat "$T/e")" "psctl: $verb: unknown option --bogus" \
	    "psctl $verb $args: one line naming the option"
done
IFS=$old_ifs
is "$(state_of a)" RUNNING "nothing reached psd: a still runs"
ctl status -- a > /dev/null
is "$?" 0 "-- ends the options"
ctl shutdown > /dev/null
wait_psd
is "$PSD_STATUS" 0 "psd shut down"
done_testing
