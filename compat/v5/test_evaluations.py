"""The SDK's own local evaluation runner, `evaluations.run(...)`, against Loopgate: it logs a callable's
outputs and local evaluators' judgments into a run, then waits until Loopgate says the run is complete
(CONTRACT-v5.md, "Evaluations")."""

import pytest
from conftest import strict
from humanloop.core.api_error import ApiError
from humanloop.types import EvaluationResponse, EvaluationRunsResponse, EvaluationStats, FlowLogResponse


def answer(question):
    return {"2+2": "4", "3+3": "6"}.get(question, "I do not know")


def exact(log, datapoint):
    return log["output"] == datapoint["target"]["answer"]


def test_a_local_evaluation_run_completes(client, raw, path):
    checks = client.evaluations.run(
        name="arithmetic",
        file={"path": path, "type": "flow", "callable": answer, "version": {"attributes": {"v": 1}}},
        dataset={"path": path + "-data", "datapoints": [
            {"inputs": {"question": "2+2"}, "target": {"answer": "4"}},
            {"inputs": {"question": "3+3"}, "target": {"answer": "6"}},
            {"inputs": {"question": "capital of France"}, "target": {"answer": "Paris"}},
        ]},
        evaluators=[{"path": path + "-exact", "callable": exact, "args_type": "target_required",
                     "return_type": "boolean"}],
    )
    assert checks == []  # one run, no thresholds: nothing to compare

    flow = client.files.retrieve_by_path(path=path)
    evaluation = next(iter(client.evaluations.list(file_id=flow.id)))
    strict(EvaluationResponse, raw.request("GET", f"/v5/evaluations/{evaluation.id}")[1])
    assert evaluation.name == "arithmetic" and evaluation.evaluators[0].version.path == path + "-exact"
    stats = strict(EvaluationStats, raw.request("GET", f"/v5/evaluations/{evaluation.id}/stats")[1])
    assert stats.status == "completed"
    run = stats.run_stats[0]
    assert run.status == "completed" and run.num_logs == 3 and run.version_id == flow.version_id
    boolean = run.evaluator_stats[0]
    assert (boolean.num_true, boolean.num_false, boolean.total_logs) == (2, 1, 3)
    assert boolean.evaluator_version_id == evaluation.evaluators[0].version.version_id
    runs = strict(EvaluationRunsResponse, raw.request("GET", f"/v5/evaluations/{evaluation.id}/runs")[1])
    assert runs.runs[0].dataset.datapoints_count == 3

    logs = list(client.logs.list(file_id=flow.id))
    assert len(logs) == 3 and all(isinstance(log, FlowLogResponse) for log in logs)
    assert sorted(log.output for log in logs) == ["4", "6", "I do not know"]
    assert all(len(log.evaluator_logs) == 1 for log in logs)

    # A second evaluation of the same name is a conflict; an orchestrated run is not served yet.
    with pytest.raises(ApiError) as conflict:
        client.evaluations.create(file={"id": flow.id}, name="arithmetic", evaluators=[{"path": path + "-exact"}])
    assert conflict.value.status_code == 409
    with pytest.raises(ApiError) as orchestrated:
        client.evaluations.create_run(id=evaluation.id, dataset={"path": path + "-data"}, orchestrated=True)
    assert orchestrated.value.status_code == 501
