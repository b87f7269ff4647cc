tpl = t"{a}" b"raw"
