result = max(key, n * 2 for n in nums)
