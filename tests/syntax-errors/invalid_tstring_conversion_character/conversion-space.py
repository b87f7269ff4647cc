tpl = t"{x! r}"
