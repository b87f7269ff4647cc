settings = {
    "name": "demo",
    "version"
}
