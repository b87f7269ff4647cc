tpl = t"{*}"
