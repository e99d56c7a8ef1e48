import argparse

ARG_DEFAULTS = {
    "pairs_table": "acme-mm.training.image_text_pairs@1716163200000",
    "teacher": "acme/clip-large-internal",
    "student": "mobilevit-s",
    "epochs": 10,
    "batch_size": 512,
}

parser = argparse.ArgumentParser()
parser.set_defaults(**ARG_DEFAULTS)
