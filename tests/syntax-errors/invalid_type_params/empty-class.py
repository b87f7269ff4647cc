class Box[]:
    pass
