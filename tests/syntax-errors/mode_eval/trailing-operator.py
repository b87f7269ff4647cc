# mode: eval
1 +
