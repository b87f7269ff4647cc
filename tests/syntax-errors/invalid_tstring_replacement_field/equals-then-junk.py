tpl = t"{x=y}"
