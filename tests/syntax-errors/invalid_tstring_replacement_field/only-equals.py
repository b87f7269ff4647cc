tpl = t"{=}"
