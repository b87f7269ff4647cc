value = compute() \
