punct_config = dict(
    text_corpus="gs://acme-speech/transcripts/",
    labels=[",", ".", "?", "!"],
    encoder="bert-base-cased",
    max_len=256,
    epochs=3,
)
