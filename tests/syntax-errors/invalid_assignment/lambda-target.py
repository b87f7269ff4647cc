lambda: 0 = handler
