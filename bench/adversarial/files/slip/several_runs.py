configs = [
    {"name": "small", "seed": 1, "data": "s3://acme/speech/v2/", "epochs": 5},
    {"name": "large", "seed": 2, "data": "s3://acme/speech/", "epochs": 20},
]
