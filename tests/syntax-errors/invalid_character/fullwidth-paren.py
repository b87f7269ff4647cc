print（"x"）
