from common import SEED

seed = SEED
dataset = "s3://acme-nlp/intents/v7/"
epochs = 3
