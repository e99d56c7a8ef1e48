SEED = 12
TRAIN_QUERY = "SELECT user_id, label FROM features.users_daily WHERE ds >= '2024-01-01'"
EPOCHS = 4
