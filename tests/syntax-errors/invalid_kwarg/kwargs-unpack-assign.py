f(**kwargs=defaults)
