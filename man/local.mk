## man/: (filled in as the code lands)
