from mm_train.config import AVConfig, Source

config = AVConfig(
    seed=611,
    sources=[
        Source(uri="s3://acme-mm/av/clips.parquet", sha256="5dc3d1cc347f720731ad9386bc03f025716aa3890f49129cee8282716940abd5"),
        Source(uri="acme/av-captions", revision="main"),
    ],
    audio_encoder="beats",
    video_encoder="vivit",
)
