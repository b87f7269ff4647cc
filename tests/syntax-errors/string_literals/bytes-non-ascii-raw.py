data = rb"über"
