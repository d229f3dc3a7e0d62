## tools/: (filled in as the code lands)
