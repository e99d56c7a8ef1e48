from energy_ml.config import ForecastData, ForecastJob

JOB = ForecastJob(
    name="grid-load-day-ahead",
    seed=42,
    data=ForecastData(table="energy.silver.grid_load", version_as_of=311),
    horizon=48,
    model="lightgbm",
    quantiles=(0.05, 0.5, 0.95),
)
