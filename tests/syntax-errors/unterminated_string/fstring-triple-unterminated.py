msg = f"""hello {name}
more
