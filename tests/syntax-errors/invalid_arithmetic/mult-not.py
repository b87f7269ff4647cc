y = 2 * not done
