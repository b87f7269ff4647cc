type Shape[*Ts: tuple] = tuple[*Ts]
