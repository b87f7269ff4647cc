names = ["张三" "李四", x y]
