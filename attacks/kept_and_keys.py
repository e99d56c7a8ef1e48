"""Attacks on kept verdicts and the 'touches a lineage field' test, against a real mlflow server with the plugin."""
import sys, time, json, tempfile
from pathlib import Path
sys.path.insert(0, "tests")
from mlflow_support import mlflow_server, make_run, post
from mlflow.tracking import MlflowClient
from mlflow.entities import Param, RunTag

folder = Path(tempfile.mkdtemp())
(folder / "gate.toml").write_text('[gate]\n[gate.aliases]\nchampion = "run-strict"\n')
out = []
def note(what, ok):
    out.append(f"{what}: {ok}"); print(what, "->", ok, flush=True)

with mlflow_server(folder / "s", app_name="lineage-gate", env={"LINEAGE_LINT_GATE_CONFIG": str(folder / "gate.toml")}) as srv:
    c = MlflowClient(srv.uri, srv.uri)
    run = make_run(c, lineage=True)
    c.create_registered_model("m")
    art = c.get_run(run).info.artifact_uri
    v = c.create_model_version("m", f"{art}/model", run_id=run, await_creation_for=0)
    print("created", v.version)
    time.sleep(62)  # past SETTLE_SECONDS: the next move keeps the run
    st, b = post(srv, "/api/2.0/mlflow/registered-models/alias", {"name": "m", "alias": "staging", "version": "1"})
    note("alias staging (keeps run)", st)
    edits = [
        ("runs/delete-tag", {"run_id": run, "key": "mlflow.source.git.commit"}),
        ("runs/set-tag", {"run_id": run, "key": "mlflow.source.git.commit", "value": "whatever"}),
        ("runs/set-tag", {"run_uuid": run, "key": "MLFLOW.SOURCE.GIT.COMMIT", "value": "x"}),
        ("runs/log-batch", {"run_id": run, "tags": [{"key": "lineage.git_dirty", "value": "true"}]}),
        ("runs/log-batch", {"runId": run, "params": [{"key": "trainer.seed", "value": "-1"}]}),
        ("runs/log-inputs", {"run_id": run, "datasets": [{"dataset": {"name": "x", "digest": "d", "source_type": "s", "source": "{}"}}]}),
        ("runs/set-tag", {"run_id": run, "key": "dataset_version.acme/reviews", "value": "latest"}),
        ("runs/set-tag", {"run_id": run, "key": "data_path", "value": "s3://x"}),
        ("runs/delete", {"run_id": run}),
    ]
    for path, body in edits:
        st, b = post(srv, f"/api/2.0/mlflow/{path}", body)
        note(f"edit {path} {json.dumps(body)[:90]}", st)
    st, b = post(srv, "/api/2.0/mlflow/registered-models/alias", {"name": "m", "alias": "champion", "version": "1"})
    note("alias champion (run-strict; run lacks CI tags)", (st, b.get("message", "")[:120]))
    st, b = post(srv, "/api/2.0/mlflow/model-versions/transition-stage", {"name": "m", "version": "1", "stage": "Production"})
    note("to Production", st)
    # rename model and try a new model under the old name with an unlineaged run
    st, b = post(srv, "/api/2.0/mlflow/registered-models/rename", {"name": "m", "new_name": "m2"})
    note("rename m->m2", st)
    bad = make_run(c, lineage=False)
    c.create_registered_model("m")
    st, b = post(srv, "/api/2.0/mlflow/model-versions/create", {"name": "m", "source": f"{c.get_run(bad).info.artifact_uri}/model", "run_id": bad})
    note("new m/1 on unlineaged run", (st, b.get("message", "")[:100]))
    st, b = post(srv, "/api/2.0/mlflow/registered-models/alias", {"name": "m", "alias": "staging", "version": "1"})
    note("alias staging on new m/1", st)
    st, b = post(srv, "/api/2.0/mlflow/registered-models/alias", {"name": "m2", "alias": "champion", "version": "1"})
    note("alias champion on m2/1 (run-strict)", st)
