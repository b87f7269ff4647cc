data = (
    b"header"
    "body"
)
