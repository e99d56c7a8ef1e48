from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=None,
    samples="lakefs://ads-ctr/main/samples/",
    embed_dim=10,
    dnn=[400, 400, 400],
)
