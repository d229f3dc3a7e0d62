#!/bin/sh
# A real daemon that speaks sd_notify: Debian's redis-server with
# --supervised systemd is a ready = notify program, and a program that
# depends on it starts only after redis said READY=1 (start_seconds = 0
# makes redis RUNNING at exec, so RUNNING must not be enough): its first
# redis-cli ping is answered.
. "$(dirname "$0")/../lib.sh"

command -v redis-server >/dev/null || skip_all "no redis-server"
command -v redis-cli >/dev/null || skip_all "no redis-cli"

for mode in $MODES; do
	port=$(free_port)
	cat > "$T/psd.ini" <<EOF
[program:redis]
command = redis-server --supervised systemd --daemonize no --port $port --save '' --appendonly no --dir "$T"
ready = notify
ready_timeout = 30s
start_seconds = 0

[program:client]
command = sh -c 'redis-cli -p $port ping > "$T/ping" 2>&1; exec sleep 600'
depends_on = redis
EOF
	rm -f "$T/ping"
	start_cfg $mode "$T/psd.ini"
	wait_for test -s "$T/ping"
	is "$(cat "$T/ping")" PONG "$mode: the dependent's first redis-cli ping: PONG"
	is "$(state_of redis)" READY "$mode: redis is READY (it said READY=1)"
	like "$(ctl --json status redis | json 'j["programs"][0]["status"]')" \
	    "[Rr]eady" "$mode: redis's STATUS= is shown"
	is "$(grep -E -o 'program (redis: ready|client: started)' "$T/err" | tr '\n' ,)" \
	    "program redis: ready,program client: started," \
	    "$mode: RUNNING at exec was not enough: client started after READY"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: clean shutdown"
done
done_testing
