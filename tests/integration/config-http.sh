#!/bin/sh
# [psd] http = ADDR: psd starts psd-http for you, as a daemon program
# named http that finds psd's socket by PSD_SOCKET; and psd warns at
# start-up, in one line naming the chain, when shutdown_timeout is shorter
# than the stop timeouts along the longest dependency chain.
. "$(dirname "$0")/../lib.sh"

[ -x "$TOOLS/psd-http" ] ||
    skip_all "psd-http not built (configure found no libmicrohttpd-dev)"
command -v curl >/dev/null || skip_all "curl is not installed (.ci/setup --test)"

PORT=$(free_port)
cat > "$T/psd.ini" <<EOF
[psd]
http = 127.0.0.1:$PORT
shutdown_timeout = 4s

[program:db]
command = sleep 600
stop_timeout = 3s

[program:api]
command = sleep 600
depends_on = db
stop_timeout = 2s

[program:side]
command = sleep 600
stop_timeout = 1s
EOF
code_is() {	# code_is PATH CODE
	[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
	    "http://127.0.0.1:$PORT$1")" = "$2" ]
}
for mode in $MODES; do
	start_cfg $mode "$T/psd.ini"
	wait_for code_is /readyz 200
	ok $? "$mode: psd-http answers /readyz on the [psd] http address"
	is "$(ctl --json status http | json 'j["programs"][0]["daemon"]')" \
	    True "$mode: as a daemon program named http"
	is "$(grep -c 'shutdown_timeout' "$T/err")" 1 "$mode: one warning line"
	like "$(grep shutdown_timeout "$T/err")" \
	    "shutdown_timeout 4s is shorter than the stop timeouts along api -> db \(5s\)" \
	    "$mode: naming the chain and what it needs"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: clean shutdown"
done

sed -i 's/^shutdown_timeout = 4s/shutdown_timeout = 5s/' "$T/psd.ini"
start_cfg sub "$T/psd.ini"
ok $(grep -q shutdown_timeout "$T/err" && echo 1 || echo 0) \
    "no warning when shutdown_timeout covers the chain"
ctl shutdown >/dev/null
wait_psd

cat >> "$T/psd.ini" <<EOF

[program:http]
command = sleep 600
EOF
run_psd sub -c "$T/psd.ini" --check
is "$PSD_STATUS" 2 "[psd] http beside a [program:http]: exit 2"
is "$(cat "$T/err")" "psd: $T/psd.ini:2: [psd] http: a [program:http] exists already: drop this key, or rename that program" \
    "one line naming file:line and the key"
done_testing
