tpl = (
    t"first {a}"
    "second"
)
