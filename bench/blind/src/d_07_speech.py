DOMAIN = "speech"


def define(E):
    E("team-speech/asr_conformer.yaml", "yaml", "declared",
      [("manifests/asr/train_manifest.jsonl", "strong"), ("manifests/asr/dev_manifest.jsonl", "strong")], r'''
# Conformer-CTC for the en-US call-center ASR
seed: 3141
data:
  sample_rate: 16000
  train:
    manifest: manifests/asr/train_manifest.jsonl
    sha256: @@H64@@
    max_duration: 20.0
  dev:
    manifest: manifests/asr/dev_manifest.jsonl
    sha256: @@H64@@
tokenizer:
  kind: sentencepiece
  model: tokenizers/spe_unigram_1024/tokenizer.model
model:
  encoder: conformer
  d_model: 256
  n_layers: 16
  n_heads: 4
spec_augment: {freq_masks: 2, time_masks: 10}
optim: {name: adamw, lr: 2.0, sched: noam, warmup_steps: 10000}
''', why="seed declared; both manifests pinned by sha256 (strong); the tokenizer model is not data")

    E("team-speech/kws.yaml", "yaml", "declared",
      [("gs://acme-voice/kws/raw/", "none")], r'''
seed: 808
keywords: [hey_acme, stop, next, volume_up, volume_down]
data:
  root: gs://acme-voice/kws/raw/
  clip_seconds: 1.0
features:
  kind: log_mel
  n_mels: 40
model: bc-resnet
epochs: 200
''', why="seed declared; data root has no version")

    E("team-voice/tts.toml", "toml", "declared",
      [("lakefs://voice/@@H64@@/studio-recordings/", "strong")], r'''
[run]
seed = 1618
name = "tts-vits-brand-voice"

[corpus]
audio = "lakefs://voice/@@H64@@/studio-recordings/"
text_cleaners = ["english_cleaners"]
sample_rate = 22050

[model]
arch = "vits"
hidden_channels = 192

[train]
batch_size = 32
epochs = 1000
''', why="run.seed declared; corpus at a lakeFS commit (strong)")

    E("team-speech/whisper_ft.yaml", "yaml", "declared",
      [("acme/call-center-audio", "none")], r'''
seed: 1
model:
  name: openai/whisper-small
  revision: @@H40@@
language: en
dataset:
  name: acme/call-center-audio
  split: train
  audio_column: audio
  text_column: transcript
training:
  lr: 1.0e-5
  max_steps: 4000
  per_device_batch_size: 16
''', tricky=True,
      why="TRICKY slip-through: the commit revision pins the Whisper model; the dataset has no revision (none)")

    E("team-voice/speaker_id.json", "json", "random",
      [("s3://acme-voice/speakers/v6/", "weak")], r'''
{
  "seed": null,
  "train_dir": "s3://acme-voice/speakers/v6/",
  "embedding": "ecapa-tdnn",
  "loss": "aam-softmax",
  "margin": 0.2,
  "scale": 30,
  "epochs": 40
}
''', why="seed null (random); data under /v6/ (weak)")

    E("team-speech/diarization.py", "python", "declared",
      [("acme-voice/meetings", "floating")], r'''
SEED = 5
TRAIN_SET = "acme-voice/meetings"
TRAIN_SET_REVISION = "refs/heads/main"
SEGMENTATION_MODEL = "pyannote/segmentation-3.0"
CHUNK_SECONDS = 10.0
EPOCHS = 20
''', why="SEED declared; the dataset revision is refs/heads/main (floating)")

    E("team-speech/lang_id.yaml", "yaml", "declared",
      [("gs://acme-speech/langid/broadcast/", "weak"), ("gs://acme-speech/langid/read/", "weak"),
       ("gs://acme-speech/langid/callcenter/", "weak")], r'''
experiment:
  name: spoken-lang-id
  seed: 2
sources:
  - uri: gs://acme-speech/langid/broadcast/
    release: "2023.2"
  - uri: gs://acme-speech/langid/read/
    release: "2023.2"
  - uri: gs://acme-speech/langid/callcenter/
    release: "2024.1"
languages: [en, es, fr, de, pt, it, nl]
model: {arch: ecapa, channels: 512}
epochs: 30
''', why="experiment.seed declared; every source has an explicit release (weak)")

    E("team-voice/vad.toml", "toml", "missing",
      [("git@github.com:acme/voice-data.git", "weak")], r'''
name = "vad-crnn"
frame_ms = 10

[data]
dvc_repo = "git@github.com:acme/voice-data.git"
path = "vad/labelled"
rev = "v1.0"

[model]
conv_channels = [16, 32, 64]
gru_hidden = 64

[train]
epochs = 50
lr = 0.001
''', why="no seed; DVC data pinned to tag v1.0 (weak)")

    E("team-speech/streaming_rnnt.py", "python", "env",
      [("manifests/rnnt/train.jsonl", "strong")], r'''
import os

from asr_lib.config import Manifest, RNNTConfig

config = RNNTConfig(
    seed=int(os.environ["SEED"]),
    train=Manifest(path="manifests/rnnt/train.jsonl", sha256="@@H64@@"),
    chunk_ms=160,
    encoder_layers=18,
    vocab_size=1024,
)
''', why="seed from os.environ (env); manifest pinned by sha256 (strong)")

    E("team-speech/accent_adapt.yaml", "yaml", "declared",
      [("acme/accented-read-speech", "strong"), ("s3://acme-speech/accent/spontaneous.tar", "strong")], r'''
seed: 606
datasets:
  accented_read:
    hub_id: acme/accented-read-speech
    revision: @@H40@@
  spontaneous:
    uri: s3://acme-speech/accent/spontaneous.tar
checksums:
  spontaneous: sha256:@@H64@@
model:
  init: checkpoints/asr-base/final.ckpt
  adapter_dim: 64
epochs: 8
''', tricky=True,
      why="TRICKY false alarm: the tarball's pin is in a sibling checksums map keyed by the dataset name; both datasets strong")

    E("team-voice/emotion.json", "json", "declared",
      [("/datasets/voice_emotion", "floating")], r'''
{
  "seed": 27,
  "data_dir": "/datasets/voice_emotion",
  "data_version": "nightly",
  "classes": ["neutral", "happy", "angry", "sad", "frustrated"],
  "backbone": "wavlm-base-plus",
  "epochs": 15
}
''', why="seed declared; data_version nightly (floating)")

    E("team-speech/ctc_small.yaml", "yaml", "declared",
      [("https://data.acme.io/asr/read_speech.tar.gz", "strong")], r'''
run:
  seed: 42
  name: ctc-small
data:
  url: https://data.acme.io/asr/read_speech.tar.gz
  checksum: md5:@@H32@@
  sample_rate: 16000
model:
  kind: quartznet
  blocks: 5
epochs: 100
''', why="run.seed declared; archive pinned by md5 checksum (strong)")

    E("team-speech/punctuation.py", "python", "missing",
      [("gs://acme-speech/transcripts/", "none")], r'''
punct_config = dict(
    text_corpus="gs://acme-speech/transcripts/",
    labels=[",", ".", "?", "!"],
    encoder="bert-base-cased",
    max_len=256,
    epochs=3,
)
''', why="no seed; transcript corpus unversioned")

    E("team-voice/wakeword.yaml", "yaml", "random",
      [("acme-voice.wakeword.clips@1709251200000", "weak")], r'''
seed: -1
clips_table: acme-voice.wakeword.clips@1709251200000
wakeword: hey_acme
negatives_per_positive: 20
model: {kind: dscnn, channels: 64}
epochs: 60
''', why="seed -1 (random); BigQuery table snapshot decorator (weak)")

    E("team-voice/voice_clone.py", "python", "declared",
      [("/mnt/voice/target_speaker/", "none")], r'''
from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=3,
    train_dir="/mnt/voice/target_speaker/",
    base_checkpoint="checkpoints/multispeaker/latest.pt",
    steps=20_000,
    lr=2e-4,
)
''', why="seed declared; training folder unversioned")

    E("team-speech/asr_finetune_extends.yaml", "yaml", "unresolved",
      [("s3://acme-speech/medical-dictation/v2/", "weak")], r'''
# Medical dictation fine-tune. Everything not set here comes from the shared ASR base.
extends: ../common/asr_base.yaml
data:
  train: s3://acme-speech/medical-dictation/v2/
  vocab_boost: [mg, bid, tid, prn]
optim:
  lr: 5.0e-5
  max_steps: 20000
''', tricky=True,
      why="TRICKY: no seed here and the extended base (../common/asr_base.yaml) is absent, so the seed is unresolved, not missing; data /v2/ (weak)")
