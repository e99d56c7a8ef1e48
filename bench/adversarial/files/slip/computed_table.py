import datetime as dt

SEED = 3
TABLE = f"analytics.events_{dt.date.today():%Y%m%d}"
EPOCHS = 2
