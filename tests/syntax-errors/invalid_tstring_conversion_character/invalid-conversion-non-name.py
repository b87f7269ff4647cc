tpl = t"{value!2}"
