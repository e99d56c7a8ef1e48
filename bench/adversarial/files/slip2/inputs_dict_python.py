INPUTS = {
    "clicks": "gs://acme-ads/clicks/2024/",
    "impressions": "gs://acme-ads/impressions/2024/",
}
SEED = 3
EPOCHS = 2
