x = (  # open
    1,
    # still open
