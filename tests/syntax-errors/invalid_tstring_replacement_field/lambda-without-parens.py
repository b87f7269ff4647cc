tpl = t"{lambda x: x}"
