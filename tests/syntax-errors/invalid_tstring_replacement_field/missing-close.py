tpl = t"{name"
