f(class="x")
