SEED = 5
TRAIN_SET = "acme-voice/meetings"
TRAIN_SET_REVISION = "refs/heads/main"
SEGMENTATION_MODEL = "pyannote/segmentation-3.0"
CHUNK_SECONDS = 10.0
EPOCHS = 20
