#!/bin/sh
# psd-http, run as one of psd's programs, answers the health endpoints
# with psctl's meaning: /healthz 200 while psd answers, /readyz and
# /readyz/NAME 503 naming the cause while a dependency is not ready, 200
# once it is; /status is psctl --json status's document; /metrics passes
# promtool.  Once psd is gone, /healthz is 503 and /metrics says psd_up 0.
# psd_log_bytes_total grows by at least what a program wrote, and no line
# is counted as dropped while psd's stdout is a file.
. "$(dirname "$0")/../lib.sh"

HTTPD="$TOOLS/psd-http"
[ -x "$HTTPD" ] || skip_all "psd-http not built (configure found no libmicrohttpd-dev)"
command -v curl >/dev/null || skip_all "curl is not installed (.ci/setup --test)"

PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
# talk writes exactly 1000 bytes: ten lines of 99 digits and a newline,
# then stays (psd ends once every non-daemon program has ended).
cat > "$T/talk.sh" <<'EOF'
for i in 1 2 3 4 5 6 7 8 9 10; do printf '%099d\n' 0; done
exec sleep 600
EOF
cat > "$T/psd.ini" <<EOF
[program:db]
command = sleep 600
ready = exec:test -e "$T/db-up"
ready_interval = 200ms
daemon = true

[program:api]
command = sleep 600
depends_on = db
daemon = true

[program:http]
command = $HTTPD --listen 127.0.0.1:$PORT --cache 0 -s "$T/sock"
daemon = true

[program:talk]
command = sh $T/talk.sh
autostart = false
EOF

code() {	# code PATH: the HTTP status of GET PATH
	curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$URL$1"
}
body() {
	curl -s --max-time 10 "$URL$1"
}
code_is() {	# code_is PATH CODE
	[ "$(code "$1")" = "$2" ]
}
metric() {	# metric NAME: its value in /metrics (empty if missing)
	body /metrics | sed -n "s/^$1 //p"
}
at_least() {	# at_least NAME N: metric NAME >= N
	_v=$(metric "$1")
	[ -n "$_v" ] && [ "$_v" -ge "$2" ]
}
# The status document without what changes from one moment to the next.
steady() {
	python3 -c 'import json, sys
j = json.load(sys.stdin)
for p in j["programs"]:
    p.pop("uptime_ms")
print(json.dumps(j, sort_keys=True))'
}

for mode in $MODES; do
	rm -f "$T/db-up"
	start_cfg $mode "$T/psd.ini"
	wait_for code_is /healthz 200
	is "$(code /healthz)" 200 "$mode: /healthz is 200 while psd answers"
	is "$(body /healthz)" ok "$mode: and says ok"
	is "$(code /readyz)" 503 "$mode: /readyz is 503 while db is not ready"
	like "$(body /readyz)" "^not ready: db is (STARTING|RUNNING)" \
	    "$mode: and names db as the cause"
	is "$(code /readyz/api)" 503 "$mode: /readyz/api is 503 (it waits for db)"
	is "$(body /readyz/api)" "not ready: api is STOPPED: waiting for db" \
	    "$mode: and says api waits for db"
	is "$(code /readyz/nosuch)" 404 "$mode: /readyz/NAME of no program is 404"
	touch "$T/db-up"
	wait_for code_is /readyz 200
	is "$(body /readyz)" ready "$mode: /readyz is 200 ready once db is ready"
	is "$(code /readyz/db)" 200 "$mode: /readyz/db is 200"
	wait_for code_is /readyz/api 200
	is "$(code /readyz/api)" 200 "$mode: /readyz/api is 200 once api runs"
	ctl stop db >/dev/null
	is "$(code /readyz/db)" 503 "$mode: /readyz/db is 503 after psctl stop db"
	like "$(body /readyz)" "^not ready: db is STOPP(ING|ED)" "$mode: /readyz says why"
	ctl start db >/dev/null
	wait_for code_is /readyz 200

	is "$(body /status | steady)" "$(ctl --json status | steady)" \
	    "$mode: /status is psctl --json status's document"
	like "$(curl -s -o /dev/null -w '%{content_type}' "$URL/status")" \
	    "^application/json" "$mode: as application/json"
	body /metrics > "$T/metrics"
	like "$(grep '^psd_program_up{program="db"}' "$T/metrics")" ' 1$' \
	    "$mode: /metrics: db is up"
	like "$(grep 'psd_program_state{program="api",state="RUNNING"}' \
	    "$T/metrics")" ' 1$' "$mode: /metrics: api's state gauge"
	like "$(grep '^psd_program_resident_memory_bytes{program="db"}' \
	    "$T/metrics")" ' [1-9][0-9]*$' "$mode: /metrics: db's RSS from /proc"
	for m in psd_log_bytes_total psd_log_dropped_lines_total \
	    psd_log_dropped_bytes_total; do
		like "$(grep "^$m " "$T/metrics")" ' [0-9]+$' \
		    "$mode: /metrics has $m"
		like "$(grep "^# TYPE $m " "$T/metrics")" ' counter$' \
		    "$mode: $m is a counter"
	done
	is "$(sed -n 's/^psd_log_dropped_lines_total //p' "$T/metrics")" 0 \
	    "$mode: no line dropped while psd's stdout is a file"
	before=$(sed -n 's/^psd_log_bytes_total //p' "$T/metrics")
	ctl start talk >/dev/null
	wait_for at_least psd_log_bytes_total $((before + 1000))
	ok $? "$mode: psd_log_bytes_total grows by the 1000 bytes talk wrote"
	if command -v promtool >/dev/null; then
		promtool check metrics < "$T/metrics" > "$T/promtool" 2>&1
		ok $? "$mode: promtool check metrics accepts the exposition"
	fi
	# gzip for the scrapers that ask (Prometheus does), not for others
	curl -s -H 'Accept-Encoding: gzip' -D "$T/gzhdr" "$URL/metrics" \
	    > "$T/metrics.gz"
	like "$(grep -i '^content-encoding' "$T/gzhdr")" "gzip" \
	    "$mode: /metrics gzip-encoded when the scraper accepts gzip"
	gzip -dc < "$T/metrics.gz" > "$T/metrics.unz" 2>/dev/null
	like "$(grep '^psd_program_up{program="db"}' "$T/metrics.unz")" ' 1$' \
	    "$mode: and it decodes to the exposition"
	if command -v promtool >/dev/null; then
		promtool check metrics < "$T/metrics.unz" > "$T/promtool" 2>&1
		ok $? "$mode: which promtool accepts"
	fi
	for ae in 'gzip;q=0, identity' 'identity' 'br'; do
		curl -s -H "Accept-Encoding: $ae" -D "$T/idhdr" -o /dev/null \
		    "$URL/metrics"
		is "$(grep -ci '^content-encoding' "$T/idhdr")" 0 \
		    "$mode: plain text for Accept-Encoding: $ae"
	done
	like "$(grep -i '^vary' "$T/idhdr")" "Accept-Encoding" \
	    "$mode: and Vary: Accept-Encoding says it depends on it"
	curl -s -H 'Accept: application/openmetrics-text;version=1.0.0' \
	    -D "$T/hdr" "$URL/metrics" > "$T/om"
	like "$(grep -i '^content-type' "$T/hdr")" "application/openmetrics-text" \
	    "$mode: OpenMetrics when the scraper asks for it"
	is "$(tail -n 1 "$T/om")" "# EOF" "$mode: ending in # EOF"
	like "$(grep '^# TYPE psd_program_restarts ' "$T/om")" counter \
	    "$mode: counters named without _total in OpenMetrics"

	# psd-http without psd: unhealthy, and it says psd is down.
	"$HTTPD" --listen "127.0.0.1:$(free_port)" -s "$T/nosock" \
	    --listen "$T/http.sock" 2> "$T/orphan-err" &
	lone=$!
	echo "$lone" >> "$T/.pids"
	wait_for test -S "$T/http.sock"
	is "$(curl -s -o /dev/null -w '%{http_code}' --unix-socket \
	    "$T/http.sock" http://psd/healthz)" 503 \
	    "$mode: /healthz is 503 when psd does not answer (unix socket)"
	like "$(curl -s --unix-socket "$T/http.sock" http://psd/metrics)" \
	    "psd_up 0" "$mode: /metrics says psd_up 0"
	kill -TERM "$lone"
	wait "$lone"
	is "$?" 0 "$mode: psd-http exits 0 on SIGTERM"
	ok $([ ! -e "$T/http.sock" ] && echo 0 || echo 1) \
	    "$mode: and removes its unix socket"

	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: clean shutdown"
done
done_testing
