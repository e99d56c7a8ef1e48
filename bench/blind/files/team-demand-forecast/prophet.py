from types import SimpleNamespace

cfg = SimpleNamespace(
    data_path="gs://acme-forecast/daily_orders.csv",
    ds_col="order_date",
    y_col="orders",
    seasonality_mode="multiplicative",
    changepoint_prior_scale=0.05,
    holidays_country="US",
    horizon_days=60,
)
