tpl = t"hello {name}" " world"
