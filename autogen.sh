#!/bin/sh
# Generate ./configure from configure.ac and Makefile.am.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux
# automake's TAP driver reads the tests' output; it ships with automake.
tap=$(ls /usr/share/automake-*/tap-driver.sh 2>/dev/null | tail -n 1)
[ -n "$tap" ] || { echo "autogen.sh: automake's tap-driver.sh not found" >&2; exit 1; }
cp "$tap" build-aux/tap-driver.sh
autoreconf --install --force
