SEED = "random"
ONTOLOGY = "acme/product-ontology"
EMBEDDER = "poincare"
DIM = 32
EPOCHS = 500
