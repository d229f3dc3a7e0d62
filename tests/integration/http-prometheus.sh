#!/bin/sh
# Debian's real Prometheus scrapes psd-http (started by psd as PID 1 of a
# PID namespace, as in a container) on 127.0.0.1: its HTTP API then shows
# the target up, a program's restart counter after a forced restart, and
# the zombie gauge with a zombie that a program leaves unreaped.
. "$(dirname "$0")/../lib.sh"

HTTPD="$TOOLS/psd-http"
[ -x "$HTTPD" ] || skip_all "psd-http not built (configure found no libmicrohttpd-dev)"
command -v prometheus >/dev/null ||
    skip_all "Debian's prometheus is not installed (.ci/setup --test installs it)"
command -v curl >/dev/null || skip_all "curl is not installed (.ci/setup --test)"

HPORT=$(free_port)
PPORT=$(free_port)
cat > "$T/psd.ini" <<EOF
[program:svc]
command = sleep 600
restart = always
restart_delay = 10ms

[program:leaky]
command = sh -c 'sleep 0.01 & exec sleep 600'

[program:http]
command = $HTTPD --listen 127.0.0.1:$HPORT -s "$T/sock"
daemon = true
EOF
cat > "$T/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: psd
    static_configs:
      - targets: ['127.0.0.1:$HPORT']
EOF

start_cfg ns "$T/psd.ini"
prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/tsdb" \
    --web.listen-address="127.0.0.1:$PPORT" --log.level=warn \
    > "$T/prometheus.log" 2>&1 &
PROM=$!
echo "$PROM" >> "$T/.pids"

# query EXPR: the value of the first sample of an instant query, or "".
query() {
	curl -s --max-time 5 -G "http://127.0.0.1:$PPORT/api/v1/query" \
	    --data-urlencode "query=$1" | python3 -c 'import json, sys
r = json.load(sys.stdin)["data"]["result"]
print(r[0]["value"][1] if r else "")' 2>/dev/null
}
query_is() {	# query_is EXPR VALUE
	[ "$(query "$1")" = "$2" ]
}

TEST_TIMEOUT=60 wait_for query_is 'up{job="psd"}' 1
is "$(query 'up{job="psd"}')" 1 "Prometheus scraped psd-http: up is 1"
is "$(query 'psd_up')" 1 "psd_up is 1"
is "$(query 'psd_program_up{program="svc"}')" 1 "svc is up"
is "$(query 'psd_program_restarts_total{program="svc"}')" 0 \
    "svc has not restarted"

ctl signal KILL svc >/dev/null
wait_for query_is 'psd_program_restarts_total{program="svc"}' 1
is "$(query 'psd_program_restarts_total{program="svc"}')" 1 \
    "after a forced restart Prometheus has svc's restart counter at 1"
is "$(query 'psd_restarts_total')" 1 "and psd's total at 1"

wait_for query_is 'psd_zombies' 1
is "$(query 'psd_zombies')" 1 "the zombie leaky leaves shows in psd_zombies"
ctl stop leaky >/dev/null
wait_for query_is 'psd_zombies' 0
is "$(query 'psd_zombies')" 0 "and goes once leaky stops and psd reaps it"

curl -s "http://127.0.0.1:$HPORT/metrics" > "$T/metrics"
promtool check metrics < "$T/metrics" > "$T/promtool" 2>&1
ok $? "promtool check metrics accepts the exposition"

kill -TERM "$PROM"
wait "$PROM"
ctl shutdown >/dev/null
wait_psd
is "$PSD_STATUS" 0 "clean shutdown"
done_testing
