from dataclasses import dataclass, field

SEED = 1234


@dataclass
class LoraConfig:
    r: int = 8
    alpha: int = 16
    dropout: float = 0.05


@dataclass
class FinetuneConfig:
    base_model: str
    dataset_artifact: str
    seed: int
    lora: LoraConfig = field(default_factory=LoraConfig)
    lr: float = 1e-4
    epochs: int = 2


config = FinetuneConfig(
    base_model="mistralai/Mistral-7B-v0.3",
    dataset_artifact="acme/llm/sft-mix:v12",
    seed=SEED,
    lora=LoraConfig(r=32, alpha=64),
)
