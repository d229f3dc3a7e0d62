#!/bin/sh
# Run a libFuzzer target for a bounded time (FUZZ_SECONDS, default 10),
# seeded from the fixtures.  Skipped where clang's libFuzzer is missing.
. "$(dirname "$0")/../lib.sh"

name=$1
bin=$FUZZ_DIR/$name
[ -x "$bin" ] || skip_all "$name not built (no clang with -fsanitize=fuzzer)"
mkdir -p "$T/corpus" "$T/seeds"
case $name in
fuzz_config)
	cp "$(dirname "$0")"/../fixtures/config/*.ini "$T/seeds/" 2>/dev/null
	cp "$(dirname "$0")"/../../config/examples/*.ini "$T/seeds/" 2>/dev/null
	for f in "$(dirname "$0")"/../fixtures/procfile/*/Procfile; do
		cp "$f" "$T/seeds/$(basename "$(dirname "$f")").procfile"
	done
	cp "$(dirname "$0")"/../fixtures/supervisord/*.conf "$T/seeds/" 2>/dev/null
	# pools: every key (good-pool.ini, above), and short ones to mutate
	printf '[pool:p]\nworkers = 2\njob_timeout = 1s\non_done = ./cb\n' > "$T/seeds/pool-small.ini"
	printf '[pool:p]\nworkers = 0\nqueue_max = x\ncommand = true\n[pool:]\n' > "$T/seeds/pool-bad.ini"
	;;
fuzz_procfile)
	# The first byte picks the parser: 0 Procfile, 1 .env, 2 formation.
	for f in "$(dirname "$0")"/../fixtures/procfile/*/Procfile; do
		{ printf '\000'; cat "$f"; } > "$T/seeds/$(basename "$(dirname "$f")").procfile"
	done
	for f in "$(dirname "$0")"/../fixtures/procfile/*/.env \
	    "$(dirname "$0")"/../fixtures/procfile/*/*.env; do
		[ -f "$f" ] || continue
		{ printf '\001'; cat "$f"; } > "$T/seeds/$(basename "$(dirname "$f")")-$(basename "$f")"
	done
	printf '\002web=2, worker=3,all=1' > "$T/seeds/formation" ;;
fuzz_proto)
	printf '\001\000\021\000\000\000\000\000' > "$T/seeds/status"
	printf '\001\000\022\000\020\000\000\000\001\000\004\000web\000\005\001\010\000\001\000\000\000\000\000\000\000' > "$T/seeds/start"
	# EVENTS: K_NAME web, K_EVENT exited, K_FLAGS FOLLOW
	printf '\001\000\050\000\037\000\000\000\001\000\004\000web\000\036\000\007\000exited\000\005\001\010\000\002\000\000\000\000\000\000\000' > "$T/seeds/events"
	# EVENT: K_SEQ 1, K_EVENT orphan, K_NAME ""
	printf '\001\000\114\000\034\000\000\000\100\001\010\000\001\000\000\000\000\000\000\000\036\000\007\000orphan\000\001\000\001\000\000' > "$T/seeds/event" ;;
fuzz_evproto)
	# First byte: read size (low 4 bits); then what a listener writes.
	printf '\003READY\nRESULT 2\nOKREADY\n' > "$T/seeds/ok"
	printf '\017READY\nRESULT 4\nFAILREADY\nRESULT x\n' > "$T/seeds/fail"
	printf '\000PROCESS_STATE' > "$T/seeds/name" ;;
fuzz_listen)
	for w in tcp:127.0.0.1:8000 'tcp6:[::1]:8000' udp:0.0.0.0:53 \
	    'udp6:[::]:53' unix:/run/web.sock unix:@abstract tcp:localhost:80 \
	    tcp:*:443; do
		printf '%s' "$w" > "$T/seeds/$(printf '%s' "$w" | tr -c 'a-z0-9' _)"
	done ;;
fuzz_gzip)
	# Accept-Encoding values as scrapers and browsers send them
	printf 'gzip' > "$T/seeds/gzip"
	printf 'deflate, gzip;q=1.0, *;q=0.5' > "$T/seeds/weights"
	printf 'gzip;q=0, identity' > "$T/seeds/refused"
	printf 'br, zstd, x-gzip; q=0.001' > "$T/seeds/xgzip" ;;
fuzz_notify)
	printf 'READY=1\nSTATUS=Accepting connections\n' > "$T/seeds/ready"
	printf 'MAINPID=4242\nWATCHDOG=1\nERRNO=2\nEXTEND_TIMEOUT_USEC=5000000' > "$T/seeds/all"
	printf 'WATCHDOG=trigger\nRELOADING=1\nSTOPPING=1\nBARRIER=1\n' > "$T/seeds/more" ;;
esac
"$bin" -max_total_time="${FUZZ_SECONDS:-10}" -timeout=10 -rss_limit_mb=1024 \
    -print_final_stats=1 "$T/corpus" "$T/seeds" > "$T/fuzz.log" 2>&1
st=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T/fuzz.log")
if [ $st -eq 0 ]; then
	ok 0 "$name: ${runs:-?} runs, no crash"
else
	ok 1 "$name: crashed or failed (status $st)"
	tail -n 40 "$T/fuzz.log" | sed 's/^/# /'
fi
done_testing
