SEED = 12
TRAIN_QUERY = "SELECT user_id, label FROM features.users_daily FOR SYSTEM_TIME AS OF '2024-06-01 00:00:00'"
EPOCHS = 4
