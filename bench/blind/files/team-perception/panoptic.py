from perception.configs import DataConfig, PanopticConfig, OptimConfig

cfg = PanopticConfig(
    seed=20231101,
    data=DataConfig(
        hub_id="acme/street-panoptic",
        revision="v3.0.1",
        crop_size=(1024, 2048),
    ),
    backbone="convnext-base",
    optim=OptimConfig(name="adamw", lr=1e-4, max_iters=90_000),
    output_dir="/ckpt/panoptic",
)
