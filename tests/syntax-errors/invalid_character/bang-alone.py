flag = !done
