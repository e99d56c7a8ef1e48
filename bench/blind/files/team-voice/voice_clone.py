from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=3,
    train_dir="/mnt/voice/target_speaker/",
    base_checkpoint="checkpoints/multispeaker/latest.pt",
    steps=20_000,
    lr=2e-4,
)
