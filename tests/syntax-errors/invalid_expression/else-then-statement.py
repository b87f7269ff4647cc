value = compute() if ready else pass
