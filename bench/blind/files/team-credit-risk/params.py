import os
from types import SimpleNamespace

cfg = SimpleNamespace(
    seed=int(os.environ["SEED"]),
    data=SimpleNamespace(
        train="lakefs://risk-lake/648837aed34344c9b823cc4e18d6d5bfd013ea70bb56d70eb8c3aa9937b5348e/collections/delinquency.parquet",
        target="roll_to_90dpd",
    ),
    model=SimpleNamespace(kind="ebm", interactions=10, outer_bags=8),
    output_dir="/mnt/models/collections",
)
