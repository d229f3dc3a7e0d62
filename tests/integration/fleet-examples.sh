#!/bin/sh
# config/examples' fleet files agree with each other: fleet.ini is valid
# and its shutdown_timeout covers its stop chain (psd --check says
# nothing), each engine's grace period is longer than shutdown_timeout,
# and Prometheus's own promtool accepts the scrape configuration.
. "$(dirname "$0")/../lib.sh"

ex="$(dirname "$0")/../../config/examples"
"$PSD" -c "$ex/fleet.ini" --check > "$T/out" 2> "$T/err"
is "$?" 0 "fleet.ini is valid"
is "$(cat "$T/err")" "" "and psd --check has no warning (the stop chain fits)"
like "$(cat "$T/out")" "\[program:http\]" "[psd] http makes the http program"

secs() {	# the first number in the lines matching REGEX of FILE
	grep -E "$2" "$1" | head -n 1 | sed -E 's/[^0-9]*([0-9]+).*/\1/'
}
budget=$(secs "$ex/fleet.ini" '^shutdown_timeout')
is "$budget" 25 "fleet.ini: shutdown_timeout is 25s"
k8s=$(secs "$ex/kubernetes-pod.yaml" 'terminationGracePeriodSeconds:')
nomad=$(secs "$ex/nomad.hcl" 'kill_timeout')
compose=$(secs "$ex/docker-compose.yml" 'stop_grace_period:')
ok $([ "$k8s" -gt "$budget" ] && echo 0 || echo 1) \
    "Kubernetes' grace period ($k8s s) is longer than shutdown_timeout"
ok $([ "$nomad" -gt "$budget" ] && echo 0 || echo 1) \
    "Nomad's kill_timeout ($nomad s) is longer"
ok $([ "$compose" -gt "$budget" ] && echo 0 || echo 1) \
    "compose's stop_grace_period ($compose s) is longer"

# A budget too small for the chain is said at start-up (and by --check).
sed 's/^shutdown_timeout = 25s/shutdown_timeout = 15s/' "$ex/fleet.ini" \
    > "$T/small.ini"
"$PSD" -c "$T/small.ini" --check > /dev/null 2> "$T/err"
is "$(cat "$T/err")" "psd: shutdown_timeout 15s is shorter than the stop timeouts along api -> db (18s): the last to stop may be killed" \
    "a shutdown_timeout below the chain: one warning naming it"

if command -v promtool >/dev/null; then
	promtool check config "$ex/prometheus.yml" > "$T/promtool" 2>&1
	ok $? "promtool check config accepts prometheus.yml"
fi
if python3 -c 'import yaml' 2>/dev/null; then
	for f in kubernetes-pod.yaml docker-compose.yml prometheus.yml; do
		python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' \
		    "$ex/$f"
		ok $? "$f is valid YAML"
	done
fi
done_testing
