"""Tools, Flows, Evaluators and Datasets through humanloop 0.8.38: versioned files beside Prompts, logs in
traces, judgments (mirrored as v4 feedback), files of every kind (CONTRACT-v5.md)."""

import pytest
from conftest import MOCK_CHAT, strict
from humanloop.core.api_error import ApiError
from humanloop.errors import UnprocessableEntityError
from humanloop.evals.run import HumanloopRuntimeError
from humanloop.types import (
    CreateEvaluatorLogResponse,
    CreateFlowLogResponse,
    CreateToolLogResponse,
    DatasetResponse,
    EvaluatorLogResponse,
    EvaluatorResponse,
    FileEnvironmentResponse,
    FlowLogResponse,
    FlowResponse,
    ListTools,
    PaginatedDatapointResponse,
    PaginatedDataLogResponse,
    PromptLogResponse,
    ToolLogResponse,
    ToolResponse,
)

FUNCTION = {"name": "add", "description": "Adds two numbers", "parameters": {"type": "object", "properties": {}}}
SPEC = {"arguments_type": "target_free", "return_type": "boolean", "evaluator_type": "external"}


def test_tools_are_versioned_listed_and_deployed(client, raw, path):
    tool = client.tools.upsert(path=path, function=FUNCTION)
    assert isinstance(tool, ToolResponse) and tool.type == "tool"
    assert tool.id.startswith("tl_") and tool.version_id.startswith("tlv_") and tool.function.name == "add"
    assert client.tools.upsert(path=path, function=FUNCTION).version_id == tool.version_id
    second = client.tools.upsert(id=tool.id, function={**FUNCTION, "description": "Sums"}, version_name="v2")
    assert second.version_id != tool.version_id
    strict(ToolResponse, raw.request("GET", f"/v5/tools/{tool.id}")[1])
    versions = client.tools.list_versions(id=tool.id)
    assert [v.version_id for v in versions.records] == [second.version_id, tool.version_id]
    strict(ListTools, raw.request("GET", f"/v5/tools/{tool.id}/versions")[1])
    assert tool.id in [t.id for t in client.tools.list(name=path.split("/")[1], size=1)]

    environments = client.tools.list_environments(id=tool.id)
    production = next(e for e in environments if e.name == "production")
    for environment in raw.request("GET", f"/v5/tools/{tool.id}/environments")[1]:
        strict(FileEnvironmentResponse, environment)
    deployed = client.tools.set_deployment(id=tool.id, environment_id=production.id, version_id=tool.version_id)
    assert [e.name for e in deployed.environments] == ["production"]
    assert client.tools.get(id=tool.id).version_id == tool.version_id  # deployed to the default environment
    client.tools.remove_deployment(id=tool.id, environment_id=production.id)
    assert client.tools.get(id=tool.id).version_id == second.version_id
    client.tools.delete(id=tool.id)
    with pytest.raises(ApiError) as gone:
        client.tools.get(id=tool.id)
    assert gone.value.status_code == 404


def test_a_flow_trace_of_tool_and_prompt_logs(client, raw, path):
    flow_log = client.flows.log(
        path=path + "-flow", flow={"attributes": {"team": "support"}}, inputs={"q": "hi"}, log_status="incomplete")
    assert isinstance(flow_log, CreateFlowLogResponse) and flow_log.log_status == "incomplete"
    tool_log = client.tools.log(
        path=path + "-tool", tool={"function": FUNCTION}, inputs={"a": 1}, output="2", trace_parent_id=flow_log.id)
    assert isinstance(tool_log, CreateToolLogResponse) and tool_log.tool_id.startswith("tl_")
    call = client.prompts.call(
        path=path + "-prompt", prompt=MOCK_CHAT, inputs={"name": "Ada"},
        messages=[{"role": "user", "content": "hello"}], trace_parent_id=flow_log.id)
    done = client.flows.update_log(log_id=flow_log.id, output="answered", log_status="complete")
    assert isinstance(done, FlowLogResponse) and done.log_status == "complete"

    got = client.logs.get(id=flow_log.id)  # the SDK hands back the JSON itself
    log = strict(FlowLogResponse, got)
    assert log.flow.attributes == {"team": "support"} and log.output == "answered"
    children = log.trace_children
    assert [type(c) for c in children] == [ToolLogResponse, PromptLogResponse]
    assert [c.id for c in children] == [tool_log.id, call.id]
    assert all(c.trace_parent_id == flow_log.id and c.trace_id == flow_log.id for c in children)
    assert children[1].trace_flow_id == flow_log.flow_id

    listed = list(client.logs.list(file_id=flow_log.flow_id, include_trace_children=True))
    assert [type(r) for r in listed] == [FlowLogResponse] and len(listed[0].trace_children) == 2
    strict(PaginatedDataLogResponse, raw.request("GET", f"/v5/logs?file_id={flow_log.flow_id}")[1])

    # A complete Flow log takes no more children; the SDK's log methods wrap every error.
    with pytest.raises(HumanloopRuntimeError):
        client.tools.log(path=path + "-tool", output="late", trace_parent_id=flow_log.id)
    assert raw.request("GET", f"/v4/logs/{flow_log.id}")[0] == 404
    assert raw.request("GET", f"/v4/logs/{call.id}")[0] == 200


def test_judgments_are_evaluator_logs_and_v4_feedback(client, raw, path):
    evaluator = client.evaluators.upsert(path=path + "-judges/helpful", spec=SPEC)
    assert isinstance(evaluator, EvaluatorResponse) and evaluator.spec.evaluator_type == "external"
    strict(EvaluatorResponse, raw.request("GET", f"/v5/evaluators/{evaluator.id}")[1])
    logged = client.prompts.log(path=path, prompt=MOCK_CHAT, output="An answer", inputs={"name": "Ada"})
    judged = client.evaluators.log(parent_id=logged.id, id=evaluator.id, judgment=True)
    assert isinstance(judged, CreateEvaluatorLogResponse) and judged.parent_id == logged.id

    log = strict(PromptLogResponse, client.logs.get(id=logged.id))
    assert [type(e) for e in log.evaluator_logs] == [EvaluatorLogResponse]
    assert log.evaluator_logs[0].judgment is True and log.evaluator_logs[0].evaluator.id == evaluator.id
    status, v4 = raw.request("GET", f"/v4/logs/{logged.id}")
    assert status == 200 and [(f["type"], f["value"]) for f in v4["feedback"]] == [("helpful", "true")]

    with pytest.raises(UnprocessableEntityError):
        client.evaluators.upsert(path=path + "-judges/broken", spec={"arguments_type": "target_free"})
    with pytest.raises(ApiError) as unknown:
        client.evaluators.log(parent_id="log_unknown", id=evaluator.id, judgment=False)
    assert unknown.value.status_code == 404


def test_datasets_are_versioned_by_their_datapoints(client, raw, path):
    first = client.datasets.upsert(
        path=path, datapoints=[{"inputs": {"q": "1"}, "target": {"a": "1"}}, {"inputs": {"q": "2"}}])
    assert isinstance(first, DatasetResponse) and first.datapoints_count == 2 and first.type == "dataset"
    added = client.datasets.upsert(id=first.id, datapoints=[{"inputs": {"q": "3"}}], action="add")
    assert added.datapoints_count == 3 and added.version_id != first.version_id
    removed = client.datasets.upsert(id=first.id, datapoints=[{"inputs": {"q": "2"}}], action="remove")
    assert removed.datapoints_count == 2
    points = list(client.datasets.list_datapoints(id=first.id, size=1))  # the pager walks every page
    assert [p.inputs["q"] for p in points] == ["1", "3"]
    strict(PaginatedDatapointResponse, raw.request("GET", f"/v5/datasets/{first.id}/datapoints")[1])
    full = client.datasets.get(id=first.id, version_id=first.version_id, include_datapoints=True)
    assert [p.inputs["q"] for p in full.datapoints] == ["1", "2"]
    strict(DatasetResponse, raw.request("GET", f"/v5/datasets/{first.id}?include_datapoints=true")[1])
    assert [v.version_id for v in client.datasets.list_versions(id=first.id).records][0] == removed.version_id


def test_files_of_every_kind(client, raw, path):
    client.prompts.upsert(path=path + "/prompt", **MOCK_CHAT)
    client.tools.upsert(path=path + "/tool", function=FUNCTION)
    client.flows.upsert(path=path + "/flow", attributes={})
    client.evaluators.upsert(path=path + "/evaluator", spec=SPEC)
    client.datasets.upsert(path=path + "/dataset", datapoints=[])
    files = client.files.list_files(path=path, size=10)
    assert sorted(f.type for f in files.records) == ["dataset", "evaluator", "flow", "prompt", "tool"]
    assert [f.type for f in client.files.list_files(path=path, type=["tool", "flow"]).records] == ["flow", "tool"]
    found = client.files.retrieve_by_path(path=path + "/flow")
    assert isinstance(found, FlowResponse)
    directory = client.directories.get(id=found.directory_id)
    assert len(directory.files) == 5
