tpl = t"value}"
