config = dict(
    fasta="/data/genomes/transcripts.fa",
    annotation_format="gtf",
    flank=400,
    model=dict(kind="dilated_cnn", residual_blocks=16),
    train=dict(epochs=10, batch_size=64),
)
