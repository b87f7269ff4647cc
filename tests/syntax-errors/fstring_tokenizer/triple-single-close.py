msg = f"""text } more"""
