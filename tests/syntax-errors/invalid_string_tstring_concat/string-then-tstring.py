tpl = "hello " t"{name}"
