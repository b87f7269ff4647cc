tpl = t"{a:{b:{c:{d}}}}"
