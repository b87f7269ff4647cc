async try:
    pass
except:
    pass
