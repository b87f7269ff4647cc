tpl = t"{!r}"
