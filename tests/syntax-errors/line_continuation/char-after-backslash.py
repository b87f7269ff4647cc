total = a + \ b
