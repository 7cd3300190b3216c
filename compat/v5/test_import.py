"""`loopgate import` (issue 25): a Humanloop export (built by export_tree.py from the documented record shapes)
is imported into the database of a running server, on SQLite and on PostgreSQL when scripts/test has one
(LOOPGATE_COMPAT_POSTGRES_URL); then humanloop 0.8.38 and plain HTTP on /v4 find everything under the
exported ids. Also: a second import changes nothing, an import killed midway and run again ends as one
uninterrupted run, a folder that is not an export is refused.
"""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

import export_tree
import pytest
from conftest import Raw, strict
from humanloop import Humanloop
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # compat/, for servers.py
import servers  # noqa: E402

from humanloop.types import (DatapointResponse, EvaluationResponse, EvaluationRunsResponse, FlowLogResponse,
                             PromptLogResponse, PromptResponse, ToolResponse)

BIN = os.environ.get("LOOPGATE_BIN", "")
POSTGRES = os.environ.get("LOOPGATE_COMPAT_POSTGRES_URL", "")
pytestmark = pytest.mark.skipif(not BIN, reason="needs LOOPGATE_BIN (set by compat/run.sh when it starts the server)")


def databases():
    return ["sqlite"] + (["postgres"] if POSTGRES else [])


class Server(servers.Server):
    """`loopgate serve` on its own database, which the import writes to while it runs; with the SDK beside plain HTTP."""

    def __init__(self, folder: str, database: str):
        super().__init__(BIN, folder, "" if database == "sqlite" else servers.fresh_postgres_database(POSTGRES, "import"))
        self.raw = Raw(self.url, self.key)
        self.client = Humanloop(api_key=self.key, base_url=self.url + "/v5")


def run_import(database: str, folder: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([BIN, "import", folder, "--database", database, *extra], capture_output=True, text=True,
                          timeout=600)


def counts(report: str) -> dict:
    """`name new / existing` rows of the report."""
    return {m[1].strip(): (int(m[2]), int(m[3])) for m in re.finditer(r"^  ([a-z ]+?)\s+(\d+) / (\d+)$", report, re.M)}


class Imported:
    def __init__(self, server: Server, sample: export_tree.Sample, result: subprocess.CompletedProcess):
        self.server, self.sample, self.result = server, sample, result


@pytest.fixture(scope="module", params=databases())
def imported(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"import-{request.param}")
    sample = export_tree.build(str(folder / "export"))
    server = Server(str(folder), request.param)
    try:
        yield Imported(server, sample, run_import(server.database, sample.root))
    finally:
        server.stop()


def test_the_report_counts_what_was_imported_and_names_what_was_not(imported):
    result, sample = imported.result, imported.sample
    assert result.returncode == 1, result.stderr  # a malformed line was skipped
    report = counts(result.stdout)
    assert report["prompts"] == (2, 0) and report["tools"] == (1, 0) and report["flows"] == (1, 0)
    assert report["evaluators"] == (2, 0) and report["datasets"] == (1, 0)
    # 3 + 1 Prompt versions, a Tool's, a Flow's, two Evaluators', two Dataset versions.
    assert report["versions"] == (10, 0)
    assert report["deployments"] == (3, 0)
    # 1205 Prompt logs (one twice), 12 judgments (twice each), a Flow log with two children (one twice),
    # three run logs with a judgment each.
    assert report["logs"] == (1205 + 12 + 3 + 6, 1 + 12 + 1)
    assert report["evaluations"] == (1, 0) and report["evaluation runs"] == (1, 0)
    assert f"{sample.malformed_at}: not JSON" in result.stdout
    # Reported with their paths (and the field at fault), the rest imported.
    assert f"\n  {sample.unreadable_versions[0]}: not JSON" in result.stdout
    assert f"\n  {sample.unreadable_versions[1]}: 'model' is missing" in result.stdout
    assert f"agent file {sample.agent_id} at 'Support/agent'" in result.stdout
    assert "import: files 8/8" in result.stderr  # progress


def test_a_prompt_keeps_its_id_path_directory_and_versions(imported):
    server, sample = imported.server, imported.sample
    status, body = server.raw.request("GET", f"/v5/prompts/{sample.prompt_id}")
    assert status == 200, body
    prompt = strict(PromptResponse, body)
    assert prompt.path == sample.prompt_path and prompt.directory_id == sample.directory_id
    assert server.client.directories.get(sample.directory_id).path == "Support/Bots"
    # The default version is the one deployed in the default environment (production: v2).
    assert prompt.version_name == "v2" and abs(prompt.temperature - 0.2) < 1e-9
    versions = server.client.prompts.list_versions(sample.prompt_id).records
    assert len(versions) == 3
    # Every exported version id names its version, through v5 and v4.
    for index, exported in enumerate(sample.versions):
        status, body = server.raw.request("GET", f"/v5/prompts/{sample.prompt_id}?version_id={exported}")
        version = strict(PromptResponse, body)
        assert abs(version.temperature - 0.1 * (index + 1)) < 1e-9 and version.max_tokens == 64 + index
        assert version.template[1].content == "{{question}}" and version.stop == ["\n\n"] and version.seed == 7
        assert version.tools[0].name == "lookup" and version.other == {"a": 1, "b": 2}
        status, config = server.raw.request("GET", f"/v4/model-configs/{exported}")
        assert status == 200, config
        assert config["model"] == "mock-1" and abs(config["temperature"] - 0.1 * (index + 1)) < 1e-9
    # Old field names: commit_message is the version's name.
    assert server.client.prompts.get(sample.prompt_id, version_id=sample.versions[2]).version_name == \
        "third, from an old export"
    completion = server.client.prompts.get(sample.completion_id, version_id=sample.completion_version)
    assert completion.template == "Write about {{topic}}:" and completion.endpoint == "complete"


def test_logs_keep_their_ids_fields_judgments_and_traces(imported):
    server, sample = imported.server, imported.sample
    status, log = server.raw.request("GET", f"/v4/logs/{sample.judged_log}")
    assert status == 200, log
    assert log["project_id"] == sample.prompt_id and log["inputs"]["name"] == "Ada"
    assert log["output"] == f"answer {sample.judged_log}" and log["metadata"] == {"ticket": sample.judged_log}
    assert log["source"] == "sdk" and log["user"] == "ada@example.com"
    assert log["created_at"].startswith("2025-06-01T")
    assert [(f["type"], f["value"]) for f in log["feedback"]] == [("rating", "good")]
    v5 = strict(PromptLogResponse, server.client.logs.get(sample.judged_log))  # the SDK hands back the JSON
    assert v5.prompt.id == sample.prompt_id and v5.prompt_tokens == 12 and v5.output_tokens == 5
    assert [j.id for j in v5.evaluator_logs] == [sample.judgment_log]
    flow = strict(FlowLogResponse, server.client.logs.get(sample.flow_log))
    assert [child.id for child in flow.trace_children] == sample.trace_children
    assert server.client.logs.get(sample.trace_children[1])["trace_parent_id"] == sample.flow_log
    # Its own logs, the trace child, the run logs; by exported version id, the logs of that version.
    assert server.raw.request("GET", f"/v5/logs?file_id={sample.prompt_id}&size=1")[1]["total"] == 1205 + 1 + 3
    by_version = server.raw.request("GET", f"/v5/logs?file_id={sample.prompt_id}&version_id={sample.versions[0]}")[1]
    assert by_version["total"] == 603 + 1  # every other Prompt log, and the trace child
    assert all(log["prompt"]["version_name"] == "v1" for log in by_version["records"])
    tool_logs = server.raw.request("GET", f"/v5/logs?file_id={sample.tool_id}&version_id={sample.tool_version}")[1]
    assert [log["id"] for log in tool_logs["records"]] == [sample.trace_children[1]]


def test_tools_flows_evaluators_and_datasets_keep_their_ids(imported):
    server, sample = imported.server, imported.sample
    status, body = server.raw.request("GET", f"/v5/tools/{sample.tool_id}?version_id={sample.tool_version}")
    assert status == 200, body
    assert strict(ToolResponse, body).function.name == "lookup"
    assert server.client.tools.get(sample.tool_id, environment="canary").path == "Support/tools/lookup"
    assert server.client.flows.get(sample.flow_id, version_id=sample.flow_version).attributes == \
        {"steps": ["lookup", "answer"]}
    rating = server.client.evaluators.get(sample.rating_id, version_id=sample.rating_version)
    assert rating.spec.evaluator_type == "human" and rating.spec.return_type == "select"
    for version, ids in sample.datapoints.items():
        page = server.client.datasets.list_datapoints(sample.dataset_id, version_id=version, size=10)
        assert [strict(DatapointResponse, p.dict()).id for p in page.items] == ids
    assert server.client.datasets.get(sample.dataset_id).datapoints_count == 3


def test_evaluations_and_runs_keep_their_ids(imported):
    server, sample = imported.server, imported.sample
    status, body = server.raw.request("GET", f"/v5/evaluations/{sample.evaluation_id}")
    assert status == 200, body
    evaluation = strict(EvaluationResponse, body)
    assert evaluation.name == "Support regression" and evaluation.evaluators[0].version.id == sample.exact_id
    status, body = server.raw.request("GET", f"/v5/evaluations/{sample.evaluation_id}/runs")
    runs = strict(EvaluationRunsResponse, body).runs
    assert [(r.id, r.status) for r in runs] == [(sample.run_id, "completed")]
    assert runs[0].dataset.version_id == server.client.datasets.get(
        sample.dataset_id, version_id=sample.dataset_versions[1]).version_id
    stats = server.client.evaluations.get_stats(sample.evaluation_id)
    assert stats.run_stats[0].num_logs == 3


def test_a_second_import_changes_nothing(imported):
    server, sample = imported.server, imported.sample
    again = run_import(server.database, sample.root)
    assert again.returncode == 1
    report = counts(again.stdout)
    assert all(new == 0 for new, _ in report.values()), again.stdout
    assert report["logs"][1] == sum(counts(imported.result.stdout)["logs"])
    assert server.raw.request("GET", f"/v5/logs?file_id={sample.prompt_id}&size=1")[1]["total"] == 1205 + 1 + 3
    assert len(server.client.prompts.list_versions(sample.prompt_id).records) == 3


def test_a_folder_that_is_not_an_export_is_refused(imported, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    result = run_import(imported.server.database, str(tmp_path))
    assert result.returncode == 2
    assert "is not a Humanloop export" in result.stderr
    missing = run_import(imported.server.database, str(tmp_path / "nope"))
    assert missing.returncode == 2 and "is not a directory" in missing.stderr


def test_exported_version_ids_and_deployments_serve_calls(imported):
    # Last of the module's tests on this server: its calls add logs.
    server, sample = imported.server, imported.sample
    by_version = server.client.prompts.call(version_id=sample.versions[0], inputs={"name": "Ada", "question": "hi"})
    assert by_version.prompt.id == sample.prompt_id and abs(by_version.prompt.temperature - 0.1) < 1e-9
    staging = server.client.prompts.call(id=sample.prompt_id, environment="staging",
                                         inputs={"name": "Ada", "question": "hi"})
    assert staging.prompt.version_name == "third, from an old export"
    # v4: the project keeps its id, and -deployed calls use what the export deployed.
    status, body = server.raw.request("POST", "/v4/chat-deployed", {
        "project_id": sample.prompt_id, "environment": "production", "inputs": {"name": "Ada", "question": "hi"},
        "messages": [{"role": "user", "content": "hi"}]})
    assert status == 200, body
    status, config = server.raw.request("GET", f"/v4/model-configs/{sample.versions[1]}")
    assert body["data"][0]["model_config_id"] == config["id"]
    assert body["data"][0]["messages"][0]["content"] == "You help Ada (v2)."


STATE = {
    "projects": "SELECT id, name FROM projects",
    "configs": "SELECT id, body FROM model_configs",
    "links": "SELECT project_id, config_id, created_at, num_datapoints FROM project_configs",
    "aliases": "SELECT alias, target_id FROM id_aliases",
    "directories": "SELECT path FROM directories",
    "files": "SELECT id, type, path FROM files",
    "versions": "SELECT id, file_id, body, version_name FROM file_versions",
    "datapoints": "SELECT id, dataset_id, body FROM datapoints",
    "deployments": "SELECT d.project_id, e.name, d.config_id FROM deployments d JOIN environments e"
                   " ON e.id = d.environment_id",
    "logs": "SELECT id, project_id, config_id, file_id, version_id, parent_id, trace_parent_id, trace_id, run_id,"
            " inputs, output, messages, metadata, judgment, created_at FROM logs",
    "feedback": "SELECT id, log_id, type, value FROM feedback",
    "evaluations": "SELECT id, file_id, name, evaluators FROM evaluations",
    "runs": "SELECT id, evaluation_id, dataset_version_id, version_id, status FROM evaluation_runs",
}


def state(path: str) -> dict:
    with sqlite3.connect(path) as db:
        return {name: sorted(db.execute(query).fetchall(), key=repr) for name, query in STATE.items()}


def written_logs(path: str) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM logs").fetchone()[0]
    except sqlite3.OperationalError:  # not made yet, or no logs table yet
        return 0


def test_an_import_killed_midway_and_run_again_ends_as_one_run(tmp_path):
    sample = export_tree.build(str(tmp_path / "export"), extra_logs=6000)
    whole = run_import(f"sqlite://{tmp_path}/whole.sqlite", sample.root)
    assert whole.returncode == 1, whole.stderr
    for attempt in range(2):
        database = f"sqlite://{tmp_path}/killed{attempt}.sqlite"
        path = f"{tmp_path}/killed{attempt}.sqlite"
        process = subprocess.Popen([BIN, "import", sample.root, "--database", database],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Killed once logs are being written, at a different moment each time.
        deadline = time.monotonic() + 300
        while written_logs(path) == 0:
            assert process.poll() is None and time.monotonic() < deadline, "the import wrote no logs"
            time.sleep(0.02)
        time.sleep(attempt * 0.5)
        process.send_signal(signal.SIGKILL)
        process.wait()
        partial = state(path)
        assert 0 < len(partial["logs"]) < len(state(f"{tmp_path}/whole.sqlite")["logs"])
        resumed = run_import(database, sample.root)
        assert resumed.returncode == 1, resumed.stderr
        assert state(path) == state(f"{tmp_path}/whole.sqlite")
