tpl = t"{x:{width}"
