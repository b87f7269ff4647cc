configure(debug=, verbose=True)
