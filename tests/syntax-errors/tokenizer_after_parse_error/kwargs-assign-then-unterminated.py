f(**k=1)
s = "x
