tpl = t"value: {}"
