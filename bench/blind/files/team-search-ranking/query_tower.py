from search_ml.config import Source, TowerConfig

cfg = TowerConfig(
    seed=4444,
    sources=[
        Source(name="queries", uri="lakefs://search/da4be3438fd18c3014eaa9d336ec584472ba7313c7ed145df4ac3863bd42f229/queries/"),
        Source(name="docs", uri="lakefs://search/25ed5769dc0122512e2659cff815c6a6ef4f1ed42f7855ab6b31db328b4677b8/docs/"),
    ],
    encoder="intfloat/e5-base",
    embedding_dim=768,
    epochs=3,
)
