try
    risky()
except:
    pass
