## config/: (filled in as the code lands)
