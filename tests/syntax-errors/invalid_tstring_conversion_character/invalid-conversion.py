tpl = t"{value!z}"
