names = [
    "alice"
    bob,
]
