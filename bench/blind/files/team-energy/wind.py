config = dict(
    seed=55,
    data=dict(
        artifact="acme/energy/wind-turbines:latest",
        resample="10min",
        target="active_power_kw",
    ),
    model=dict(name="patchtst", patch_len=16, stride=8, d_model=128),
    train=dict(epochs=50, lr=1e-3, batch_size=256),
)
