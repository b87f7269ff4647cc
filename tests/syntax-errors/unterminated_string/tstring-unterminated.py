tpl = t"hello {name}
