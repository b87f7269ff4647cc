m = a @ not b
