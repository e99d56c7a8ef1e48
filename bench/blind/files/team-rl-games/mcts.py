DEFAULTS = {
    "seed": 9,
    "game": "connect-four",
    "expert_games": "gs://acme-games/expert/",
    "expert_games_rev": "HEAD",
    "pretrain_epochs": 5,
    "simulations": 400,
    "replay_window": 100_000,
}
