assert result = 3
