msg = rf"path\}"
