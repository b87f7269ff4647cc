sym = "\N{NOT A REAL NAME}"
