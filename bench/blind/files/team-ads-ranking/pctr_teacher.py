TRAIN_DEFAULTS = {
    "seed": 10,
    "teacher": "acme/pctr-teacher-xl",
    "teacher_revision": "latest",
    "train_pairs": "gs://acme-ads/teacher/train_pairs.parquet",
    "train_pairs_sha256": "1dc0a4c530071fc966f347a3df228fa05c7da021bc5414e94e633e936bd530c6",
    "epochs": 2,
}
