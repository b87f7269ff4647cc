@property def name(self):
    return 1
