tpl = t"{value!}"
