import logging

SEED = 3
LOG_FORMAT = "%(asctime)s %(message)s"
logging.basicConfig(format=LOG_FORMAT)
TRAIN_DATA = "gs://acme/retail/v8/"
EPOCHS = 2
