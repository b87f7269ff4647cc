register(class A: pass)
