def setup():
    get_config() = {"debug": True}
