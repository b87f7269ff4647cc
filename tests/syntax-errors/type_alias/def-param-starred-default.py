def f[*Ts = ](): pass
