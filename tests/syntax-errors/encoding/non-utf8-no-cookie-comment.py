# résumé
x = 1
