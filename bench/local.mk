## bench/: (filled in as the code lands)
EXTRA_DIST += bench/ready.py bench/README.md
