"""A log-batch that fails after writing its params (answered 400), racing a registration and an alias."""
import sys, tempfile, threading, time
from pathlib import Path
sys.path.insert(0, "tests")
from mlflow_support import mlflow_server, make_run, post
from mlflow.tracking import MlflowClient

folder = Path(tempfile.mkdtemp())
with mlflow_server(folder / "s", app_name="lineage-gate", env={"LINEAGE_LINT_GATE_PAUSE": "3"}, workers=4) as srv:
    c = MlflowClient(srv.uri, srv.uri)
    run = make_run(c, lineage=True)
    c.create_registered_model("m")
    art = c.get_run(run).info.artifact_uri
    answers = {}
    def send(name, path, body):
        answers[name] = post(srv, path, body)
    jobs = [(0.0, "create", "/api/2.0/mlflow/model-versions/create", {"name": "m", "source": f"{art}/model", "run_id": run}),
            (1.5, "batch", "/api/2.0/mlflow/runs/log-batch", {"run_id": run, "params": [{"key": "seed_everything", "value": "-1"}],
              "metrics": [{"key": "m", "value": 1, "timestamp": 1, "step": 0, "model_id": "m-0123456789abcdef0123456789abcdef"}]}),
            (3.6, "alias", "/api/2.0/mlflow/registered-models/alias", {"name": "m", "alias": "staging", "version": "1"})]
    threads = []
    start = time.monotonic()
    for delay, name, path, body in jobs:
        time.sleep(max(0, start + delay - time.monotonic()))
        t = threading.Thread(target=send, args=(name, path, body)); t.start(); threads.append(t)
    for t in threads: t.join()
    for name, (st, b) in answers.items():
        print(name, st, str(b.get("message", ""))[:150])
    print("versions:", [(v.name, v.version, v.run_id) for v in c.search_model_versions("name='m'")])
    print("params:", c.get_run(run).data.params)
    try:
        mv = c.get_model_version_by_alias("m", "staging")
        print("STANDS: m version", mv.version, "@staging on run", mv.run_id)
    except Exception as e:
        print("no @staging:", str(e)[:100])
    import subprocess
    r = subprocess.run([sys.executable, "-m", "lineage_lint", "gate", "models:/m@staging"], env={**__import__("os").environ, "MLFLOW_TRACKING_URI": srv.uri}, capture_output=True, text=True)
    print("CLI gate exit", r.returncode, r.stdout[-300:])
