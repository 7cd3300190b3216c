"""The official `openai` Python SDK against Loopgate's `/v1` (issue 27): plain, streamed with usage, tools,
several choices, a deployment as the model, its own exception types, and feedback through v4 on the id
it answered."""

import uuid

import openai
import pytest
from conftest import MOCK_CHAT


@pytest.fixture
def client(base_url, api_key):
    return openai.OpenAI(base_url=f"{base_url}/v1", api_key=api_key, max_retries=0)


def test_a_chat_and_feedback_on_its_log(client, raw):
    completion = client.chat.completions.create(
        model="mock/mock-1", user="ada", metadata={"ticket": "T-9"},
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Where is my order?"}])
    assert completion.object == "chat.completion" and completion.model == "mock/mock-1"
    assert completion.choices[0].message.content == "Where is my order?"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.prompt_tokens == 6 and completion.usage.completion_tokens == 4
    status, _ = raw.request("POST", "/v4/feedback", {"type": "rating", "value": "good", "data_id": completion.id})
    assert status == 200
    status, log = raw.request("GET", f"/v4/logs/{completion.id}")
    assert status == 200 and log["feedback"][0]["value"] == "good" and log["user"] == "ada"


def test_streamed_with_usage(client):
    stream = client.chat.completions.create(
        model="mock/mock-1", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "one two three"}])
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "one two three"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == 3
    assert len({c.id for c in chunks}) == 1


def test_tools_and_several_choices(client):
    completion = client.chat.completions.create(
        model="mock/mock-1", n=2, tool_choice="auto",
        tools=[{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}],
        messages=[
            {"role": "user", "content": "look it up"},
            {"role": "assistant", "content": None,
             "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "found"},
            {"role": "user", "content": "thanks"},
        ])
    assert [c.index for c in completion.choices] == [0, 1]
    assert all(c.message.content == "thanks" for c in completion.choices)


def test_a_deployment_is_a_model(client, raw):
    path = f"compat/{uuid.uuid4().hex[:12]}/bot"
    status, prompt = raw.request("POST", "/v5/prompts", {"path": path, **MOCK_CHAT})
    assert status == 200
    status, environments = raw.request("GET", f"/v5/prompts/{prompt['id']}/environments")
    production = next(e for e in environments if e["name"] == "production")
    status, _ = raw.request(
        "POST", f"/v5/prompts/{prompt['id']}/environments/{production['id']}?version_id={prompt['version_id']}")
    assert status == 200
    completion = client.chat.completions.create(
        model=f"loopgate:{path}", metadata={"inputs": {"name": "Ada"}},
        messages=[{"role": "user", "content": "help"}])
    assert completion.choices[0].message.content == "help"
    status, log = raw.request("GET", f"/v4/logs/{completion.id}")
    assert log["messages"][0]["content"] == "You help Ada"
    assert any(m.id == f"loopgate:{path}" for m in client.models.list())


def test_errors_are_the_sdks_exception_types(client, base_url):
    with pytest.raises(openai.NotFoundError) as missing:
        client.chat.completions.create(model="nowhere/none", messages=[{"role": "user", "content": "x"}])
    assert missing.value.code == "model_not_found"
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="mock/mock-1", messages=[{"role": "wizard", "content": "x"}])
    stranger = openai.OpenAI(base_url=f"{base_url}/v1", api_key="lg_not_a_key", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        stranger.chat.completions.create(model="mock/mock-1", messages=[{"role": "user", "content": "x"}])
