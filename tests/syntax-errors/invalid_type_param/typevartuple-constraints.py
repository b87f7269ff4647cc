def f[*Ts: (int, str)](*args: *Ts) -> None:
    pass
