label = "🚀 launch" if ready
