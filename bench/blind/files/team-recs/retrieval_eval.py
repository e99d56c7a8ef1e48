DEFAULTS = dict(
    seed=8,
    train_interactions="<fill me>",
    index="faiss-ivf-pq",
    nlist=4096,
    candidates=500,
)
