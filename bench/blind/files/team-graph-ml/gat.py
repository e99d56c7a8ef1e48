from graphlib_acme.config import Dataset, GraphTrainConfig

cfg = GraphTrainConfig(
    seed=17,
    dataset=Dataset(name="acme/citation-graph", revision="main"),
    model="gat",
    heads=8,
    hidden=8,
    dropout=0.6,
    epochs=200,
)
