msg = f'{a!r=}'
