#!/bin/sh
exec sh "$(dirname "$0")/fuzz.sh" fuzz_gzip
