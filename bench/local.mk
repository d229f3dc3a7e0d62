## bench/: (filled in as the code lands)
