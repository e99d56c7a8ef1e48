"""Does a log-batch that fails after writing its params leave them written (response not 200)?"""
import sys, tempfile
from pathlib import Path
sys.path.insert(0, "tests")
from mlflow_support import mlflow_server, make_run, post
from mlflow.tracking import MlflowClient

folder = Path(tempfile.mkdtemp())
with mlflow_server(folder / "s", app_name="lineage-gate") as srv:
    c = MlflowClient(srv.uri, srv.uri)
    run = c.create_run("0").info.run_id
    for metric in ({"key": "m", "value": 1, "timestamp": 1, "step": 0, "model_id": "m-0123456789abcdef0123456789abcdef"},
                   {"key": "m", "value": 1, "timestamp": 1, "step": 0, "dataset_digest": "x"}):
        st, b = post(srv, "/api/2.0/mlflow/runs/log-batch", {"run_id": run, "params": [{"key": "seed_everything", "value": "-1"}],
                                                            "metrics": [metric]})
        print(st, str(b)[:200])
        print("params now:", c.get_run(run).data.params)
