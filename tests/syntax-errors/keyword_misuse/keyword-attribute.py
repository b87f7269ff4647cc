x = obj.class
