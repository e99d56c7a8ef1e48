SEED = 73

train = dict(
    seed=SEED,
    dataset=dict(name="acme/alt-text-pairs", revision="latest"),
    model="siglip-base",
    batch_size=2048,
)
