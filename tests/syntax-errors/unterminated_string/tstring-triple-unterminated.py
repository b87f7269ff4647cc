tpl = t"""abc {x}
more text
