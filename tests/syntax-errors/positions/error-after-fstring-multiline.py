msg = f"""
{a}
""" b
