type Vector = 
