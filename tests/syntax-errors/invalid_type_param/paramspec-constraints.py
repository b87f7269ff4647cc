type Handler[**P: (int, str)] = Callable[P, None]
