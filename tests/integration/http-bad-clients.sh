#!/bin/sh
# psd-http and bad HTTP clients: 404 for unknown paths, 405 (with Allow)
# for methods other than GET and HEAD, 431/414 for a request head over
# 16 KiB, 413 for a body over 4 KiB, an idle or half-sent request cut off
# after --client-timeout; a few hundred garbage requests crash nothing,
# leak no connection, and psd and psd-http answer afterwards.
. "$(dirname "$0")/../lib.sh"

HTTPD="$TOOLS/psd-http"
[ -x "$HTTPD" ] || skip_all "psd-http not built (configure found no libmicrohttpd-dev)"
command -v curl >/dev/null || skip_all "curl is not installed (.ci/setup --test)"

cat > "$T/psd.ini" <<EOF
[program:svc]
command = sleep 600
EOF
start_cfg sub "$T/psd.ini"
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
"$HTTPD" --listen "127.0.0.1:$PORT" -s "$T/sock" --client-timeout 1s \
    2> "$T/http-err" &
HPID=$!
echo "$HPID" >> "$T/.pids"

code() {	# code CURL-ARGS...: the HTTP status curl got
	curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@"
}
code_is() {
	_want=$1; shift
	[ "$(code "$@")" = "$_want" ]
}
wait_for code_is 200 "$URL/healthz"

is "$(code "$URL/nope")" 404 "an unknown path is 404"
is "$(code "$URL/readyz/")" 404 "/readyz/ with no name is 404"
is "$(code "$URL/metrics/x")" 404 "below /metrics is 404"
is "$(code -I "$URL/metrics")" 200 "HEAD /metrics is 200"
for m in POST PUT DELETE PATCH OPTIONS; do
	is "$(code -X $m "$URL/metrics")" 405 "$m is 405"
done
like "$(curl -s -D - -o /dev/null -X POST "$URL/status" | tr -d '\r')" \
    "Allow: GET, HEAD" "405 says which methods are allowed"

big=$(head -c 20000 /dev/zero | tr '\0' a)
is "$(code -H "X-Big: $big" "$URL/metrics")" 431 "a 20 KB header is 431"
is "$(code "$URL/$big")" 414 "a 20 KB URL is 414"
head -c 10000 /dev/zero > "$T/body"
is "$(code -X GET --data-binary @"$T/body" "$URL/metrics")" 413 \
    "a 10 KB body is 413"
is "$(code -X GET --data-binary small "$URL/healthz")" 200 \
    "a small body is read and ignored"

# Idle and half-sent requests: the server hangs up (the client would wait
# for TEST_TIMEOUT seconds; --client-timeout is 1s).
cat > "$T/slow.py" <<'EOF'
import socket, sys
port, what, limit = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
s = socket.create_connection(("127.0.0.1", port))
s.settimeout(limit)
if what == "half":
    s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
try:
    print("closed" if s.recv(4096) == b"" else "answered")
except socket.timeout:
    print("still open")
EOF
is "$(python3 "$T/slow.py" "$PORT" idle "$TEST_TIMEOUT")" closed \
    "a client that sends nothing is cut off"
is "$(python3 "$T/slow.py" "$PORT" half "$TEST_TIMEOUT")" closed \
    "a request that stops half way is cut off"

# Garbage: random bytes, broken request lines, bad headers, early closes.
cat > "$T/fuzz.py" <<'EOF'
import os, random, socket, sys, threading
port, n = int(sys.argv[1]), int(sys.argv[2])
heads = [b"GET /metrics HTTP/1.1\r\n", b"GET / HTTP/1.0\r\n", b"\x00\xff",
         b"GET /readyz/%00 HTTP/1.1\r\n", b"GET /readyz/../../etc HTTP/1.1\r\n",
         b"GET " + b"/" * 5000 + b" HTTP/1.1\r\n", b"GARBAGE\r\n\r\n",
         b"GET /metrics HTTP/9.9\r\n", b"HEAD /status HTTP/1.1\r\n",
         b"GET /metrics HTTP/1.1\r\nContent-Length: -5\r\n",
         b"GET /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"]
answered = []
def client(seed):
  rnd = random.Random(seed)
  for i in range(n // 30):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(5)
    data = rnd.choice(heads)
    for _ in range(rnd.randrange(4)):
        data += rnd.choice([b"Host: x\r\n", b": \r\n", b"X" * 300 + b"\r\n",
                            os.urandom(rnd.randrange(64)), b"\r\n"])
    if rnd.random() < 0.5:
        data += b"\r\n"
    try:
        s.sendall(data)
        if rnd.random() < 0.3:
            s.shutdown(socket.SHUT_WR)
        if rnd.random() < 0.8 and s.recv(65536):
            answered.append(1)
    except (socket.timeout, ConnectionError):
        pass
    s.close()
threads = [threading.Thread(target=client, args=(k,)) for k in range(30)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(answered))
EOF
fds() {
	ls "/proc/$HPID/fd" | wc -l
}
fds0=$(fds)
python3 "$T/fuzz.py" "$PORT" 300 > "$T/fuzz.out" 2>&1
ok $? "300 garbage requests sent (answered: $(cat "$T/fuzz.out"))"
ok $(kill -0 "$HPID" 2>/dev/null && echo 0 || echo 1) "psd-http is still running"
is "$(code "$URL/healthz")" 200 "and answers /healthz"
fds_back() {
	[ "$(fds)" -le "$fds0" ]
}
wait_for fds_back
ok $? "no connection is left open ($(fds) fds, $fds0 before)"
is "$(ctl ping)" pong "psd is unharmed"

# Below psd: psd-http lowered its own priority (and its threads'), psd
# did not.
nice_of() { awk '{print $19}' "/proc/$1/stat"; }
base=$(nice_of $$)
down=$((base + 10)); [ $down -gt 19 ] && down=19
is "$(nice_of "$HPID")" $down "psd-http runs 10 nice levels down"
is "$(ls /proc/$HPID/task | while read t; do awk '{print $19}' /proc/$HPID/task/$t/stat; done | sort -u)" \
    $down "and so do its server threads"
is "$(nice_of "$PSD_PID")" $base "psd stays where it was"

kill -TERM "$HPID"
wait "$HPID"
is "$?" 0 "psd-http exits 0 on SIGTERM"
is "$(cat "$T/http-err")" "" "and wrote nothing to stderr"

# Usage errors: a distinct status and one line naming the problem.
"$HTTPD" -s "$T/sock" > /dev/null 2> "$T/err1"
is "$?" 2 "no --listen: exit 2"
like "$(head -n 1 "$T/err1")" "^psd-http: say where to listen" "and says so"
"$HTTPD" --listen nonsense 2> "$T/err2"
is "$?" 3 "a bad --listen address: exit 3"
is "$(cat "$T/err2")" "psd-http: --listen nonsense: not HOST:PORT, :PORT or a socket path" \
    "and one line naming it"
"$HTTPD" --listen 127.0.0.1:1 --timeout soon 2> "$T/err3"
is "$?" 2 "a bad --timeout: exit 2"
"$HTTPD" --listen 127.0.0.1:1 --nice 20 2> "$T/err4"
is "$?" 2 "a --nice out of range: exit 2"
is "$(cat "$T/err4")" "psd-http: --nice 20: not a number from 0 to 19" \
    "and one line naming it"
"$HTTPD" --listen "127.0.0.1:$(free_port)" --listen "$T/nice0.sock" \
    --nice 0 -s "$T/sock" &
n0=$!
wait_for test -S "$T/nice0.sock"
is "$(nice_of $n0)" $base "--nice 0 keeps psd-http where it was started"
kill -TERM $n0
wait $n0
ctl shutdown >/dev/null
wait_psd
done_testing
