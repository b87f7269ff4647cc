message = 'it's here'
