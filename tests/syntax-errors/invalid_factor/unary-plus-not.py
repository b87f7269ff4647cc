value = +not ready
