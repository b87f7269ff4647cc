foo(
  a,
  b
