train_config = {
    "env": "procgen:coinrun",
    "distribution_mode": "hard",
    "num_envs": 256,
    "bc_warmstart": {"demos": "/mnt/demos/coinrun/*.npz", "epochs": 3},
    "ppo": {"lr": 5e-4, "gamma": 0.999, "lam": 0.95, "clip": 0.2},
    "lstm_hidden": 256,
    "total_steps": 25_000_000,
}
