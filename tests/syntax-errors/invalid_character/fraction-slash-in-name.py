a⁄b = 1
