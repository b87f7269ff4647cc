name = ‘bob’
