from robo_learning.config import BCConfig, DemoSource

config = BCConfig(
    seed=7,
    demos=DemoSource(repo_id="acme/pick-place-demos", revision="e2a7403a11b3c8fb2b14374292156262d5197b9d"),
    policy="diffusion",
    horizon=16,
    n_obs_steps=2,
    epochs=300,
    lr=1e-4,
)
