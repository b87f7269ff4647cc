print(-not x)
