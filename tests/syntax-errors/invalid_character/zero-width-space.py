value​ = 1
