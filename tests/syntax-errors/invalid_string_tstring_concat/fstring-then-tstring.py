tpl = f"{a}" t"{b}"
