value = -not ready
