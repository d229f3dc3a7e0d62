#!/bin/sh
# A dependency that goes FATAL keeps its dependents from starting, and
# psctl status (and psctl ready) say why; the rest of psd goes on.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:db]
command = sh -c 'exit 3'
ready = notify
restart = on-failure
restart_delay = 10ms
start_retries = 1
daemon = true

[program:api]
command = sh -c 'touch "$T/api"; exec sleep 600'
depends_on = db
daemon = true

[program:web]
command = sh -c 'touch "$T/web"; exec sleep 600'
depends_on = api
daemon = true

[program:keeper]
command = sleep 600
EOF
field() {	# field PROGRAM EXPR-ON-p
	ctl --json status "$1" | json "(lambda p: $2)(j['programs'][0])"
}
for mode in $MODES; do
	rm -f "$T/api" "$T/web"
	start_cfg $mode "$T/psd.ini"
	wait_for state_is db FATAL
	wait_for state_is keeper RUNNING
	is "$(field api 'p["state"] + " / " + str(p["reason"])')" \
	    "STOPPED / dependency db is FATAL" \
	    "$mode: api never started: dependency db is FATAL"
	is "$(field web 'p["reason"]')" "waiting for api" "$mode: web waits for api"
	like "$(ctl status api)" "dependency db is FATAL" "$mode: the table says so too"
	ok $([ ! -e "$T/api" ] && [ ! -e "$T/web" ] && echo 0 || echo 1) \
	    "$mode: neither was started"
	like "$(ctl ready)" "not ready: db is FATAL" "$mode: psctl ready names the cause"
	is "$(state_of keeper)" RUNNING "$mode: the rest goes on"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 3 "$mode: shutdown with db FATAL: its status (3)"
done
done_testing
