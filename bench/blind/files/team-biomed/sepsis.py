from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=44,
    query=(
        "SELECT stay_id, charttime, hr, map, resp_rate, lactate, sepsis_onset "
        "FROM CLINICAL.ICU.VITALS AT(TIMESTAMP => '2024-05-01 00:00:00'::TIMESTAMP_LTZ)"
    ),
    horizon_hours=6,
    model="gru_d",
)
