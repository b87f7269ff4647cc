# mode: single
if x:
