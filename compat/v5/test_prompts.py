"""Prompts through humanloop 0.8.38: upsert, read, list, versions, environments, deployments, move, delete,
and call (JSON and streamed), with the v4 side of the same data (CONTRACT-v5.md)."""

import pytest
from conftest import MOCK_CHAT, MOCK_COMPLETION, strict
from humanloop.core.api_error import ApiError
from humanloop.evals.run import HumanloopRuntimeError
from humanloop.types import (
    CreatePromptLogResponse,
    DirectoryWithParentsAndChildrenResponse,
    PaginatedDataLogResponse,
    PromptLogResponse,
    PopulateTemplateResponse,
    FileEnvironmentResponse,
    ListPrompts,
    PaginatedDataPromptResponse,
    PromptCallResponse,
    PromptCallStreamResponse,
    PromptResponse,
)


def test_upsert_get_and_versions(client, raw, path):
    prompt = client.prompts.upsert(path=path, **MOCK_CHAT)
    assert prompt.path == path and prompt.name == "bot"
    assert prompt.id.startswith("pr_") and prompt.version_id.startswith("prv_")
    assert [i.name for i in prompt.inputs] == ["name"]
    again = client.prompts.upsert(path=path, **MOCK_CHAT)
    assert again.version_id == prompt.version_id
    second = client.prompts.upsert(path=path, **MOCK_COMPLETION, version_name="completion")
    assert second.version_id != prompt.version_id and second.version_name == "completion"

    status, body = raw.request("GET", f"/v5/prompts/{prompt.id}")
    assert status == 200
    assert strict(PromptResponse, body).version_id == second.version_id  # the newest, nothing deployed
    assert client.prompts.get(id=prompt.id, version_id=prompt.version_id).version_id == prompt.version_id
    status, body = raw.request("GET", f"/v5/prompts/{prompt.id}?version_id={prompt.version_id}")
    assert strict(PromptResponse, body).template[0].content == "You help {{name}}"

    versions = client.prompts.list_versions(id=prompt.id)
    assert [v.version_id for v in versions.records] == [second.version_id, prompt.version_id]
    strict(ListPrompts, raw.request("GET", f"/v5/prompts/{prompt.id}/versions")[1])

    with pytest.raises(ApiError) as missing:
        client.prompts.get(id=prompt.id, version_id="prv_unknown")
    assert missing.value.status_code == 404


def test_list_pages_and_filters(client, raw, path):
    client.prompts.upsert(path=path, **MOCK_CHAT)
    client.prompts.upsert(path=path + "-twin", **MOCK_CHAT)
    prefix = path.split("/")[1]
    page = client.prompts.list(name=prefix, size=1)
    assert [p.path for p in page] == [path + "-twin", path]  # the pager walks both pages, newest first
    status, body = raw.request("GET", f"/v5/prompts?name={prefix}&size=1&page=2")
    assert strict(PaginatedDataPromptResponse, body).total == 2
    assert body["records"][0]["path"] == path
    assert raw.request("GET", "/v5/prompts?page=0")[0] == 422


def test_call_chat_and_completion(client, raw, path):
    prompt = client.prompts.upsert(path=path, **MOCK_CHAT)
    answer = client.prompts.call(
        path=path, inputs={"name": "Ada"}, messages=[{"role": "user", "content": "hello there"}],
        metadata={"k": 1})
    assert answer.id.startswith("log_")
    assert answer.prompt.version_id == prompt.version_id
    assert answer.logs[0].output == "hello there"
    assert answer.logs[0].output_message.role == "assistant"
    assert answer.messages[0].content == "You help Ada"

    status, body = raw.request(
        "POST", "/v5/prompts/call",
        {"path": path, "prompt": MOCK_COMPLETION, "inputs": {"word": "hi", "name": "Bo"}, "num_samples": 2})
    assert status == 200
    call = strict(PromptCallResponse, body)
    assert [log.output for log in call.logs] == ["Say hi to Bo", "Say hi to Bo"]
    assert call.messages is None

    # The v5 log is a v4 log, in the prompt's project.
    status, log = raw.request("GET", f"/v4/logs/{answer.id}")
    assert status == 200 and log["project_id"] == prompt.id and log["output"] == "hello there"


def test_call_stream(client, raw, path):
    client.prompts.upsert(path=path, **MOCK_CHAT)
    events = list(client.prompts.call_stream(
        path=path, inputs={"name": "A"}, messages=[{"role": "user", "content": "one two three"}]))
    assert "".join(e.output or "" for e in events) == "one two three"
    assert all(e.finish_reason is None for e in events[:-1])
    last = events[-1]
    assert last.finish_reason == "stop" and last.output_tokens == 3
    assert last.output_message.content == "one two three"
    for event in events:
        strict(PromptCallStreamResponse, event.model_dump())
    status, log = raw.request("GET", f"/v4/logs/{last.id}")
    assert status == 200 and log["output"] == "one two three"


def test_errors_are_the_sdks_exception_types(client, path):
    with pytest.raises(HumanloopRuntimeError):
        client.prompts.call(path=path, messages=[{"role": "user", "content": "hi"}])  # unknown path, no prompt
    with pytest.raises(ApiError) as unknown:
        client.prompts.get(id="pr_unknown")
    assert unknown.value.status_code == 404
    assert unknown.value.body["detail"]["message"]


def test_environments_and_deployments_are_shared_with_v4(client, raw, path):
    first = client.prompts.upsert(path=path, **MOCK_CHAT)
    second = client.prompts.upsert(path=path, **MOCK_COMPLETION)
    environments = client.prompts.list_environments(id=first.id)
    assert [e.name for e in environments] == ["production", "staging", "development"]
    for environment in raw.request("GET", f"/v5/prompts/{first.id}/environments")[1]:
        strict(FileEnvironmentResponse, environment)
    production = environments[0]
    deployed = client.prompts.set_deployment(id=first.id, environment_id=production.id, version_id=first.version_id)
    assert deployed.version_id == first.version_id
    assert client.prompts.get(id=first.id).version_id == first.version_id
    # v4's -deployed endpoints use the v5 deployment.
    status, v4 = raw.request(
        "POST", "/v4/chat-deployed",
        {"project_id": first.id, "inputs": {"name": "A"}, "messages": [{"role": "user", "content": "hi"}]})
    assert status == 200 and v4["data"][0]["model_config_id"] == "config_" + first.version_id[len("prv_"):]
    # A v4 deploy is what v5 serves next.
    status, _ = raw.request(
        "PATCH", f"/v4/projects/{first.id}/deploy-config",
        {"config_id": "config_" + second.version_id[len("prv_"):], "environments": [{"id": production.id}]})
    assert status == 200
    assert client.prompts.get(id=first.id).version_id == second.version_id
    client.prompts.remove_deployment(id=first.id, environment_id=production.id)
    assert client.prompts.list_environments(id=first.id)[0].file is None


def test_a_v4_config_is_a_v5_version(client, raw, path):
    status, registered = raw.request(
        "POST", "/v4/model-configs",
        {"project": path, "provider": "mock", "model": "mock-2", "prompt_template": "v4 says {{x}}"})
    assert status == 200
    config_id = registered["config"]["id"]
    prompt = client.prompts.get(id=registered["project_id"])
    assert prompt.version_id == "prv_" + config_id[len("config_"):]
    assert prompt.path == path and prompt.template == "v4 says {{x}}"
    answer = client.prompts.call(id=prompt.id, inputs={"x": "hello"})
    assert answer.logs[0].output == "v4 says hello"


def test_move_and_delete(client, raw, path):
    prompt = client.prompts.upsert(path=path, **MOCK_CHAT)
    moved = client.prompts.move(id=prompt.id, path=path + "-moved")
    assert moved.path == path + "-moved"
    assert raw.request("GET", f"/v4/projects/{prompt.id}")[1]["name"] == path + "-moved"
    client.prompts.delete(id=prompt.id)
    with pytest.raises(ApiError) as gone:
        client.prompts.get(id=prompt.id)
    assert gone.value.status_code == 404


def test_log_a_generation_made_elsewhere(client, raw, path):
    prompt = client.prompts.upsert(path=path, **MOCK_CHAT)
    created = client.prompts.log(
        path=path, output="made elsewhere", inputs={"name": "Z"}, prompt_tokens=7,
        messages=[{"role": "user", "content": "hi"}], prompt_log_request_environment="staging")
    assert created.id.startswith("log_")
    assert created.prompt_id == prompt.id and created.version_id == prompt.version_id
    status, body = raw.request("POST", "/v5/prompts/log", {"path": path, "output": "raw"})
    assert status == 200
    strict(CreatePromptLogResponse, body)
    status, log = raw.request("GET", f"/v4/logs/{created.id}")
    assert log["output"] == "made elsewhere" and log["environment"] == "staging" and log["prompt_tokens"] == 7
    with pytest.raises(HumanloopRuntimeError):
        client.prompts.log(path=path + "-unknown", output="x")


def test_prompt_files_and_populate(client, raw, path):
    prompt = client.prompts.upsert(path=path, **MOCK_CHAT)
    text = client.prompts.serialize(id=prompt.id)
    assert text.startswith("---") and "You help {{name}}" in text
    kernel = client.prompts.deserialize(prompt=text)
    assert kernel.model == "mock-1"
    status, kernel_json = raw.request("POST", "/v5/prompts/deserialize", {"prompt": text})
    assert status == 200
    again = client.prompts.upsert(path=path, **kernel_json)
    assert again.version_id == prompt.version_id  # the round trip keeps the content id
    populated = client.prompts.populate(id=prompt.id, request={"name": "Ada"})
    status, body = raw.request("POST", f"/v5/prompts/{prompt.id}/populate", {"name": "Ada"})
    assert strict(PopulateTemplateResponse, body).version_id == prompt.version_id
    assert body["populated_template"][0]["content"] == "You help Ada"
    assert populated.version_id == prompt.version_id
    with pytest.raises(ApiError) as missing:
        client.prompts.populate(id=prompt.id, request={})
    assert missing.value.status_code == 422


def test_logs_of_a_prompt(client, raw, path):
    prompt = client.prompts.upsert(path=path, **MOCK_CHAT)
    first = client.prompts.call(path=path, inputs={"name": "A"}, messages=[{"role": "user", "content": "first"}])
    second = client.prompts.call(path=path, inputs={"name": "A"}, messages=[{"role": "user", "content": "second"}])
    logs = list(client.logs.list(file_id=prompt.id, size=1))  # the pager walks every page
    assert [log.id for log in logs] == [second.id, first.id]
    status, body = raw.request("GET", f"/v5/logs?file_id={prompt.id}")
    page = strict(PaginatedDataLogResponse, body)
    assert page.total == 2
    status, body = raw.request("GET", f"/v5/logs/{first.id}")
    log = strict(PromptLogResponse, body)
    assert log.output == "first" and log.prompt.id == prompt.id
    # `logs.get` answers the LogResponse union, which 0.8.38 declares with forward references it cannot
    # resolve at parse time: it hands back the JSON as a dict (so it would from Humanloop too).
    got = client.logs.get(id=first.id)
    assert (got["id"] if isinstance(got, dict) else got.id) == first.id
    client.logs.delete(id=[first.id])
    with pytest.raises(ApiError) as gone:
        client.logs.get(id=first.id)
    assert gone.value.status_code == 404


def test_update_log(client, raw, path):
    prompt = client.prompts.upsert(path=path, **MOCK_CHAT)
    created = client.prompts.log(path=path, output="draft")
    client.prompts.update_log(id=prompt.id, log_id=created.id, output="final", output_tokens=4)
    status, body = raw.request("GET", f"/v5/logs/{created.id}")
    log = strict(PromptLogResponse, body)
    assert log.output == "final" and log.output_tokens == 4
    with pytest.raises(ApiError) as unknown:
        client.prompts.update_log(id=prompt.id, log_id="log_unknown", output="x")
    assert unknown.value.status_code == 404


def test_files(client, raw, path):
    prompt = client.prompts.upsert(path=path, **MOCK_CHAT)
    directory = path.rsplit("/", 1)[0]
    files = client.files.list_files(path=directory)  # one page, not a pager
    assert files.total == 1
    assert [f.id if not isinstance(f, dict) else f["id"] for f in files.records] == [prompt.id]
    status, body = raw.request("GET", f"/v5/files?path={directory}")
    assert strict(PaginatedDataPromptResponse, body).total == 1
    found = client.files.retrieve_by_path(path=path)
    assert (found["id"] if isinstance(found, dict) else found.id) == prompt.id
    with pytest.raises(ApiError) as missing:
        client.files.retrieve_by_path(path=path + "-none")
    assert missing.value.status_code == 404


def test_directories(client, raw, path):
    prompt = client.prompts.upsert(path=path, **MOCK_CHAT)
    parent = path.rsplit("/", 1)[0]
    directories = {d.path: d for d in client.directories.list()}
    assert parent in directories and prompt.directory_id == directories[parent].id
    status, body = raw.request("GET", f"/v5/directories/{prompt.directory_id}")
    contents = strict(DirectoryWithParentsAndChildrenResponse, body)
    assert [f["id"] if isinstance(f, dict) else f.id for f in body["files"]] == [prompt.id]
    assert [p.path for p in contents.parents] == [parent.split("/")[0]]
    made = client.directories.create(path=parent + "/made")
    assert made.path == parent + "/made" and made.parent_id == prompt.directory_id
    moved = client.directories.update(id=made.id, name="renamed")
    assert moved.path == parent + "/renamed"
    client.directories.delete(id=made.id)
    with pytest.raises(ApiError) as not_empty:
        client.directories.delete(id=prompt.directory_id)
    assert not_empty.value.status_code == 409
