# comment

      
  x = 1
