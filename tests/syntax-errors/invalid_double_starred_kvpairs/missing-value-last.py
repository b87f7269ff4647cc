config = {"debug": True, "level":}
