#!/bin/sh
# A bad config starts nothing: psd exits 2 with one line per error naming
# FILE:LINE: [section] key.  --check validates without running anything.
. "$(dirname "$0")/../lib.sh"

cat > "$T/bad.ini" <<EOF
[program:good]
command = touch "$T/started"

[program:web]
comand = python3 -m http.server
restart = sometimes
EOF
run_psd sub -c "$T/bad.ini" --socket "$T/sock"
is "$PSD_STATUS" 2 "a bad config: exit 2"
is "$(cat "$T/err")" "psd: $T/bad.ini:5: [program:web] comand: unknown key; did you mean \"command\"?
psd: $T/bad.ini:6: [program:web] restart: \"sometimes\" is not a restart policy; expected always, on-failure or never" \
    "every error, one line each, FILE:LINE: [section] key"
ok $([ ! -e "$T/started" ] && echo 0 || echo 1) "nothing was started"
ok $([ ! -e "$T/sock" ] && echo 0 || echo 1) "no socket was made"

# Errors of every stage (syntax, values, missing keys, dependencies,
# cycles) all in one run, in file order.
cat > "$T/stages.ini" <<EOF
[program:a]
restart = sometimes
depends_on = nosuch
[program:b]
depends_on = c
[program:c]
command = true
depends_on = b
no equals here
EOF
run_psd sub -c "$T/stages.ini" --check
is "$PSD_STATUS" 2 "errors of every stage: exit 2"
is "$(cat "$T/err")" "psd: $T/stages.ini:1: [program:a]: missing required key \"command\"
psd: $T/stages.ini:2: [program:a] restart: \"sometimes\" is not a restart policy; expected always, on-failure or never
psd: $T/stages.ini:3: [program:a] depends_on: unknown program \"nosuch\"
psd: $T/stages.ini:4: [program:b]: missing required key \"command\"
psd: $T/stages.ini:5: [program:b] depends_on: dependency cycle b -> c -> b
psd: $T/stages.ini:9: expected KEY = VALUE, a [section] or a ; comment" \
    "every error in one run, in file order"

run_psd sub -c "$T/bad.ini" --check
is "$PSD_STATUS" 2 "--check on a bad config: exit 2"
run_psd sub -c "$T/nope.ini"
is "$PSD_STATUS" 2 "a missing file: exit 2"
is "$(cat "$T/err")" "psd: $T/nope.ini: cannot read: No such file or directory" "named"

cat > "$T/good.ini" <<EOF
[program:web]
command = touch "$T/started"
instances = 2
EOF
run_psd sub -c "$T/good.ini" --check
is "$PSD_STATUS" 0 "--check on a good config: exit 0"
like "$(cat "$T/out")" "\[program:web:1\]" "and prints the resolved programs"
ok $([ ! -e "$T/started" ] && echo 0 || echo 1) "without running them"

run_psd sub --bogus
is "$PSD_STATUS" 2 "a bad option: exit 2"
is "$(head -n 1 "$T/err")" "psd: unknown option --bogus" "named in one line"
done_testing
