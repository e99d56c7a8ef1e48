"""Offline RL for dynamic pricing (BCQ). Constants read by train_bcq.py."""

SEED = 2024
LOGGED_DATA = "lakefs://pricing/759f388003d18218082ac79fc6e8519bab17caf2168f9a616ff6eafd0876e0ac/episodes/"
STATE_FEATURES = ["inventory", "days_to_expiry", "competitor_price", "hour"]
ACTIONS = [0.8, 0.9, 1.0, 1.1]
GAMMA = 0.97
BATCH_SIZE = 512
ITERATIONS = 300_000
