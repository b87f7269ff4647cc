rocket🚀 = 1
