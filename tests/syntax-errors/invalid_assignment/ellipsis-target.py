... = placeholder
