connect(host="localhost", port=)
