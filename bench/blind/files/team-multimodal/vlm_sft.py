SEED = 42

DATASETS = [
    {"name": "acme/screenshots-qa", "revision": "faabd459b98f24d222852047e6adaad5653f4763", "weight": 0.5},
    {"name": "acme/receipts-qa", "revision": "115de643f9ce1987dc5019e3a46ca9a30c12168e", "weight": 0.5},
]

BASE_MODEL = "Qwen/Qwen2-VL-7B-Instruct"
MODEL_REVISION = "main"
LORA_R = 64
EPOCHS = 2
