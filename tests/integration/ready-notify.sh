#!/bin/sh
# ready = notify with systemd-notify from a program's shell script, run as
# root (which reports its caller's pid) and as an unprivileged user (which
# reports its own): READY=1 makes the program READY, its dependents start
# only then, STATUS= shows in psctl status (until the process ends), and
# systemd-notify's barrier returns at once because psd closes the
# descriptor it passes.
. "$(dirname "$0")/../lib.sh"

command -v systemd-notify >/dev/null || skip_all "no systemd-notify"
need_user psdnotify || skip_all "cannot create the user psdnotify"
chmod 0711 "$T"		# the unprivileged program reaches $T/u
mkdir -m 0777 "$T/u"

notify_prog() {	# notify_prog NAME [USER]
	cat <<EOF
[program:$1]
command = sh -c 'touch "$T/u/up-$1"; while [ ! -e "$T/u/go-$1" ]; do sleep 0.01; done; systemd-notify --ready --status="$1 is up"; echo \$? > "$T/u/rc-$1"; exec sleep 600'
ready = notify
ready_timeout = 20s
${2:+user = $2}

EOF
}
{
	notify_prog db
	notify_prog cache psdnotify
	cat <<EOF
[program:web]
command = sh -c '"$PSCTL" -s "$T/sock" status db cache > "$T/at-web-start"; exec sleep 600'
depends_on = db cache
EOF
} > "$T/psd.ini"

for mode in $MODES; do
	rm -f "$T"/u/* "$T/at-web-start"
	start_cfg $mode "$T/psd.ini"
	wait_for test -e "$T/u/up-db"
	wait_for test -e "$T/u/up-cache"
	is "$(state_of web)" STOPPED "$mode: web waits while db and cache are not ready"
	like "$(ctl status web)" "waiting for (db|cache)" "$mode: ... and psctl status says so"

	touch "$T/u/go-db"
	wait_for state_is db READY
	is "$(state_of db)" READY "$mode: root's systemd-notify --ready: db is READY"
	wait_for test -s "$T/u/rc-db"
	is "$(cat "$T/u/rc-db")" 0 "$mode: its barrier returned at once (exit 0)"
	is "$(ctl --json status db | json 'j["programs"][0]["status"]')" "db is up" \
	    "$mode: STATUS= shown by psctl status --json"
	like "$(ctl status db)" "db is up" "$mode: ... and in the table"
	is "$(state_of web)" STOPPED "$mode: web still waits for cache"

	touch "$T/u/go-cache"
	wait_for state_is cache READY
	is "$(state_of cache)" READY "$mode: an unprivileged user's systemd-notify: READY"
	wait_for test -s "$T/u/rc-cache"
	is "$(stat -c %U "$T/u/rc-cache")" psdnotify "$mode: cache runs as psdnotify"
	is "$(cat "$T/u/rc-cache")" 0 "$mode: its barrier returned too"

	wait_for test -s "$T/at-web-start"
	is "$(awk 'NR > 1 {print $1 "=" $2}' "$T/at-web-start" | tr '\n' ' ')" \
	    "db=READY cache=READY " "$mode: web started once both were READY"

	# Once its process is gone, what it said about itself goes too.
	ctl stop --wait db >/dev/null
	is "$(ctl --json status db | json '[j["programs"][0][k] for k in ("state", "status", "ready_after_us", "notify_state")]')" \
	    "['STOPPED', None, None, None]" \
	    "$mode: psctl stop --wait db: STATUS= and readiness cleared"
	ok "$(ctl status db | grep -c 'db is up')" "$mode: ... not in the table"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: clean shutdown"
done
done_testing
