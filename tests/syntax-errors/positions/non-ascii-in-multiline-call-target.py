résultat(
    "é",
) = 1
