x = `value`
