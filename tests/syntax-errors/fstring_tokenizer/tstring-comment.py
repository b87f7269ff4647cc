tpl = t"{a # c}"
