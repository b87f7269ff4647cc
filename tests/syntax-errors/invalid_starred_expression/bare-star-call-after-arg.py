call(a, *)
