path = r"C:\temp\"
