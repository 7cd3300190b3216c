"""Streaming (`stream: true`) through the official Humanloop Python SDK 0.5.18, as a user's code consumes it.

SDK surface (read from humanloop/client_custom.py and humanloop/paths/*/post.py of 0.5.18):
- eight async helpers on the client: `complete_stream`, `chat_stream`, `complete_deployed_stream`,
  `chat_deployed_stream`, `complete_experiment_stream`, `chat_experiment_stream`,
  `complete_model_config_stream`, `chat_model_config_stream`; each takes the keyword arguments of its
  non-stream twin (`complete`, `chat`, ..., `complete_model_configuration`), sets `stream=True`, and
  returns an `AsyncGeneratorResponse` (`status`, `headers`, `content`, `response`);
- `content` is an async generator of `{"output": ..., "id": ...}` dicts: the SDK reads the body line
  by line, takes the text between the first and second `"data: "` of a line, `json.loads` it and
  picks `data[0].output` / `data[0].id`; any line that fails to parse is skipped silently (so a lost
  event shows up here only as text missing from the concatenation);
- a non-2xx answer raises `humanloop.exceptions.ApiStreamingException` (NOT `ApiException`) from the
  awaited call, before any chunk, with `.status` (int), `.reason` and `.body` (the raw body as `str`,
  not parsed).
No pytest-asyncio: every stream runs in its own `asyncio.run`, as a script would; the SDK opens a new
aiohttp session per call, so separate event loops are fine.

Expected values follow shared/CONTRACT.md ("The mock provider", "Mock, exactly", "What a generation
writes": a streamed sample's final event is sent after its log is committed) and
api/humanloop-v4.md §2.10 (deltas untrimmed, one id per sample, `data: ` escaped for 0.5.18, errors
before the first event as normal JSON errors).
"""

import asyncio
import gc
import json
import re
from dataclasses import dataclass
from typing import Dict, List

import pytest
from humanloop.exceptions import ApiException, ApiStreamingException

MOCK = {"provider": "mock", "model": "mock-1"}
GOOD = [{"type": "rating", "value": "good"}]
STREAM_TIMEOUT = 30  # seconds; a stream the server never closes fails the test instead of hanging it

# Fields of a stored log that a streamed sample must have exactly as its non-streamed twin
# (humanloop-v4.md §2.10: "Persist each sample's log when it finishes (full text, usage), exactly as a
# non-stream call would"); `POST /projects/{id}/export` shows them.
SAME_AS_NON_STREAMED = ("inputs", "output", "raw_output", "config_id", "finish_reason", "metadata", "user",
                        "prompt_tokens", "output_tokens", "messages", "project_id")


# ------------------------------------------------------------------------------------------
# helpers


@dataclass
class Streamed:
    status: int
    content_type: str
    chunks: List[dict]

    @property
    def ids(self) -> List[str]:
        """Distinct ids, in order of first appearance."""
        return list(dict.fromkeys(c["id"] for c in self.chunks))

    def text(self, data_id: str) -> str:
        return "".join(c["output"] for c in self.chunks if c["id"] == data_id)

    def deltas(self, data_id: str) -> List[str]:
        return [c["output"] for c in self.chunks if c["id"] == data_id]


async def _drain(call) -> Streamed:
    resp = await call
    chunks = []
    async for chunk in resp.content:
        chunks.append(chunk)
    return Streamed(resp.status, resp.headers.get("Content-Type", "") or "", chunks)


def stream(method, **kwargs) -> Streamed:
    """Await one SDK stream helper and iterate its content to the end, as user code does."""
    res = asyncio.run(asyncio.wait_for(_drain(method(**kwargs)), STREAM_TIMEOUT))
    assert res.status == 200, res.status
    assert res.content_type.split(";")[0].strip() == "text/event-stream", res.content_type
    assert res.chunks, "the stream yielded nothing"
    for c in res.chunks:
        assert isinstance(c, dict) and set(c) == {"output", "id"}, c
        assert isinstance(c["output"], str), c
        assert isinstance(c["id"], str) and re.fullmatch(r"data_[A-Za-z0-9]+", c["id"]), c
    return res


def _quiet_sdk_leak(loop, context):
    # 0.5.18 raises ApiStreamingException without closing its aiohttp session; aiohttp reports the
    # dropped session when it is collected. That leak is the SDK's, not the server's: keep it out of the
    # output, pass anything else on.
    if str(context.get("message", "")).startswith(("Unclosed client session", "Unclosed connector")):
        return
    loop.default_exception_handler(context)


async def _expect_error(call):
    asyncio.get_running_loop().set_exception_handler(_quiet_sdk_leak)
    try:
        return await _drain(call)
    except ApiStreamingException as e:
        err = e
    err.__traceback__ = None  # the traceback's frames hold the SDK's session
    gc.collect()  # collect it while this loop (and its quiet handler) is still running
    return err


def stream_error(method, **kwargs) -> ApiStreamingException:
    """Await a stream helper that must fail before streaming; returns what the SDK raised."""
    got = asyncio.run(asyncio.wait_for(_expect_error(method(**kwargs)), STREAM_TIMEOUT))
    assert isinstance(got, ApiStreamingException), f"expected an error before streaming, got a stream: {got}"
    return got


def mock_deltas(text: str) -> List[str]:
    """CONTRACT "Mock, exactly": one event per word with the whitespace before it (matches of \\s*\\S+),
    trailing whitespace added to the last event (empty events, e.g. a final one, are not listed)."""
    words = re.findall(r"\s*\S+", text)
    assert words, "only for text with words"
    words[-1] += text[len("".join(words)):]
    return words


def export_records(hl, pid: str) -> Dict[str, dict]:
    body = hl.projects.export(id=pid, size=100).body
    assert body["total"] <= 100, body["total"]
    return {r["id"]: r for r in body["records"]}


def feedback_at_once(hl, data_id: str):
    """Feedback right after the stream ended: the log must already exist (no 404)."""
    try:
        f = hl.feedback(type="rating", value="good", data_id=data_id)
    except ApiException as e:
        pytest.fail(f"feedback on the streamed log {data_id} right after the stream: {e.status} {e.body}")
    assert f.status == 200, f.status
    assert isinstance(f.body, dict), f.body
    assert f.body["data_id"] == data_id, f.body
    assert (f.body["type"], f.body["value"]) == ("rating", "good"), f.body


def check_one_sample(hl, res: Streamed, twin: dict) -> str:
    """The stream of a single sample against the non-streamed answer `twin` (a response body) to the
    same request: same text to the byte, one `data_` id on every chunk, a usable log that stores what
    the non-streamed log stores. Returns the streamed log id."""
    assert len(res.ids) == 1, f"one sample, several ids: {res.ids}"
    sid = res.ids[0]
    feedback_at_once(hl, sid)

    raw = twin["data"][0]["raw_output"]
    assert res.text(sid) == raw, (res.deltas(sid), raw)
    if raw.strip():  # the contract fixes the split only for text with words
        assert [d for d in res.deltas(sid) if d] == mock_deltas(raw), res.deltas(sid)
    assert sid != twin["data"][0]["id"]

    records = export_records(hl, twin["project_id"])
    assert sid in records, f"streamed log {sid} not in the export of {twin['project_id']}"
    rec, twin_rec = records[sid], records[twin["data"][0]["id"]]
    assert rec["raw_output"] == raw
    assert rec["output"] == raw.strip() == twin["data"][0]["output"]
    for field in SAME_AS_NON_STREAMED:
        assert rec.get(field) == twin_rec.get(field), (field, rec.get(field), twin_rec.get(field))
    assert [(f["type"], f["value"]) for f in rec["feedback"]] == [("rating", "good")], rec["feedback"]
    return sid


def register(hl, project: str, **config) -> dict:
    r = hl.model_configs.register(project=project, **MOCK, **config)
    assert r.status == 200, r.status
    return r.body


def env_ids(hl, pid: str) -> dict:
    return {e["environment_name"]: e["environment_id"] for e in hl.projects.list_deployed_configs(id=pid).body}


def trials(hl, pid: str, eid: str) -> dict:
    [exp] = [e for e in hl.experiments.list(project_id=pid).body if e["id"] == eid]
    return {c["id"]: c["trials_count"] for c in exp["configs"]}


# Texts whose bytes must survive the trip: edge whitespace, runs of spaces/tabs, CRLF, JSON-special
# characters, non-ASCII, and the literal `data: ` that the 0.5.18 line parser splits on. The mock
# streams per word, so `data: ` (with its space) lands inside one event only at the end of the text,
# where the trailing whitespace joins the last word; the escape is also exercised by the `metadata`
# and `user` echoes below, which contain `data: ` on every event.
TEMPLATES = {
    "plain": "Say {{word}} now",
    "edge-whitespace": "\n\t  lead {{word}} and trail  \n ",
    "inner-whitespace": "a  b\t\tc\r\nd   {{word}}",
    "ends-with-data-colon-space": "payload data: {{word}} data: ",
    "json-and-unicode": 'q "quoted" \\back\\ {"k": [1]} ünï ✓ 日本語 {{word}}\u2028x',
    "only-whitespace": "  \n\t ",
    "empty": "",
}


# ------------------------------------------------------------------------------------------
# 1. inline config: complete_stream / chat_stream


@pytest.mark.parametrize("template", list(TEMPLATES.values()), ids=list(TEMPLATES))
def test_complete_stream_concatenates_to_raw_output(hl, project_name, template):
    kwargs = dict(project=project_name, model_config={**MOCK, "prompt_template": template},
                  inputs={"word": " data: in "}, metadata={"note": "data: meta"}, user="data: user")
    twin = hl.complete(**kwargs).body
    assert twin["data"][0]["raw_output"] == template.replace("{{word}}", " data: in ")
    res = stream(hl.complete_stream, **kwargs)
    check_one_sample(hl, res, twin)


CHATS = {
    "whitespace-and-data": [{"role": "user", "content": "  hello   data: x \t\n  data: "}],
    "last-user-not-last": [{"role": "user", "content": "first"}, {"role": "user", "content": "\n second data: "},
                           {"role": "assistant", "content": "an answer"}],
    "unicode-json": [{"role": "user", "content": 'é ✓ 日本 "q" \\ {"a": null}  '}],
}


@pytest.mark.parametrize("messages", list(CHATS.values()), ids=list(CHATS))
def test_chat_stream_concatenates_to_raw_output(hl, project_name, messages):
    kwargs = dict(project=project_name, inputs={"who": "data: tester"},
                  model_config={**MOCK, "chat_template": [{"role": "system", "content": "You help {{who}}."}]},
                  messages=messages, metadata={"note": "data: meta"}, user="data: user")
    twin = hl.chat(**kwargs).body
    last_user = [m["content"] for m in messages if m["role"] == "user"][-1]
    assert twin["data"][0]["raw_output"] == last_user
    res = stream(hl.chat_stream, **kwargs)
    check_one_sample(hl, res, twin)
    rec = export_records(hl, twin["project_id"])[res.ids[0]]
    assert [(m["role"], m["content"]) for m in rec["messages"]][:2] == [
        ("system", "You help data: tester."), (messages[0]["role"], messages[0]["content"])]


def test_complete_stream_max_tokens(hl, project_name):
    kwargs = dict(project=project_name, model_config={**MOCK, "prompt_template": "  one two   three four ", "max_tokens": 2})
    twin = hl.complete(**kwargs).body
    assert twin["data"][0]["raw_output"] == "one two"
    res = stream(hl.complete_stream, **kwargs)
    check_one_sample(hl, res, twin)
    assert export_records(hl, twin["project_id"])[res.ids[0]]["finish_reason"] == "length"


def test_num_samples_two_gives_two_ids(hl, project_name):
    cfg = {**MOCK, "prompt_template": " two {{x}} samples data: "}
    twin = hl.complete(project=project_name, model_config=cfg, inputs={"x": "a"}, num_samples=2).body
    raw = twin["data"][0]["raw_output"]
    assert raw == " two a samples data: "
    res = stream(hl.complete_stream, project=project_name, model_config=cfg, inputs={"x": "a"}, num_samples=2)
    assert len(res.ids) == 2, res.ids
    for sid in res.ids:
        feedback_at_once(hl, sid)
    records = export_records(hl, twin["project_id"])
    for sid in res.ids:
        assert res.text(sid) == raw, (sid, res.deltas(sid))
        assert [d for d in res.deltas(sid) if d] == mock_deltas(raw)
        assert records[sid]["raw_output"] == raw
        assert records[sid]["output"] == raw.strip()
        assert records[sid]["config_id"] == twin["data"][0]["model_config_id"]
    assert len(records) == 4  # two non-streamed + two streamed

    msgs = [{"role": "user", "content": "chat  twice "}]
    ctwin = hl.chat(project=project_name, model_config=MOCK, messages=msgs, num_samples=2).body
    res = stream(hl.chat_stream, project=project_name, model_config=MOCK, messages=msgs, num_samples=2)
    assert len(res.ids) == 2, res.ids
    for sid in res.ids:
        feedback_at_once(hl, sid)
        assert res.text(sid) == ctwin["data"][1]["raw_output"] == "chat  twice "
    records = export_records(hl, twin["project_id"])
    assert all(records[sid]["raw_output"] == "chat  twice " for sid in res.ids)
    assert hl.projects.get(id=twin["project_id"]).body["data_count"] == 8


# ------------------------------------------------------------------------------------------
# 2. deployed: complete_deployed_stream / chat_deployed_stream


def test_deployed_streams(hl, project_name):
    a = register(hl, project_name, prompt_template="A says {{w}}  ",
                 chat_template=[{"role": "system", "content": "A system {{w}}"}])
    b = register(hl, project_name, prompt_template="\tB says {{w}}",
                 chat_template=[{"role": "system", "content": "B system {{w}}"}])
    A, B, pid = a["config"]["id"], b["config"]["id"], a["project_id"]
    hl.projects.deploy_config(project_id=pid, config_id=B, environments=[{"id": env_ids(hl, pid)["staging"]}])

    # production (the first registered config, A), by project name
    kwargs = dict(project=project_name, inputs={"w": "data: hi"})
    twin = hl.complete_deployed(**kwargs).body
    assert twin["data"][0]["model_config_id"] == A
    sid = check_one_sample(hl, stream(hl.complete_deployed_stream, **kwargs), twin)
    assert export_records(hl, pid)[sid]["config_id"] == A

    # staging (B), by project id
    kwargs = dict(project_id=pid, environment="staging", inputs={"w": "yo"})
    twin = hl.complete_deployed(**kwargs).body
    assert twin["data"][0]["raw_output"] == "\tB says yo"
    sid = check_one_sample(hl, stream(hl.complete_deployed_stream, **kwargs), twin)
    assert export_records(hl, pid)[sid]["config_id"] == B

    kwargs = dict(project=project_name, environment="staging", inputs={"w": "z"},
                  messages=[{"role": "user", "content": " deployed chat data: "}])
    twin = hl.chat_deployed(**kwargs).body
    assert twin["data"][0]["model_config_id"] == B
    sid = check_one_sample(hl, stream(hl.chat_deployed_stream, **kwargs), twin)
    rec = export_records(hl, pid)[sid]
    assert rec["config_id"] == B
    assert rec["messages"][0]["content"] == "B system z"

    kwargs = dict(project_id=pid, inputs={"w": "p"}, messages=[{"role": "user", "content": "prod chat"}])
    twin = hl.chat_deployed(**kwargs).body
    sid = check_one_sample(hl, stream(hl.chat_deployed_stream, **kwargs), twin)
    assert export_records(hl, pid)[sid]["config_id"] == A
    assert hl.projects.get(id=pid).body["data_count"] == 8


# ------------------------------------------------------------------------------------------
# 3. experiments: complete_experiment_stream / chat_experiment_stream


def test_experiment_streams(hl, project_name):
    a = register(hl, project_name, prompt_template="A {{x}} ", chat_template=[{"role": "system", "content": "A sys {{x}}"}])
    b = register(hl, project_name, prompt_template=" B {{x}}", chat_template=[{"role": "system", "content": "B sys {{x}}"}])
    A, B, pid = a["config"]["id"], b["config"]["id"], a["project_id"]
    e = hl.experiments.create(project_id=pid, name="streamed", positive_labels=GOOD, config_ids=[A, B])
    assert e.status == 200
    eid = e.body["id"]
    inputs = {"x": "data: v"}
    # the non-streamed text each config gives for these inputs
    expected = {cid: hl.complete_model_configuration(model_config_id=cid, project_id=pid, inputs=inputs).body["data"][0]["raw_output"]
                for cid in (A, B)}
    assert expected == {A: "A data: v ", B: " B data: v"}

    # one sample, then three samples that each draw their own config
    res = stream(hl.complete_experiment_stream, experiment_id=eid, inputs=inputs)
    assert len(res.ids) == 1, res.ids
    many = stream(hl.complete_experiment_stream, experiment_id=eid, inputs=inputs, num_samples=3)
    assert len(many.ids) == 3, many.ids
    for sid in res.ids + many.ids:
        feedback_at_once(hl, sid)
    records = export_records(hl, pid)
    used = []
    for r in (res, many):
        for sid in r.ids:
            rec = records[sid]
            cid = rec["config_id"]
            assert cid in (A, B), rec
            assert r.text(sid) == expected[cid], (cid, r.deltas(sid))
            assert [d for d in r.deltas(sid) if d] == mock_deltas(expected[cid])
            assert rec["raw_output"] == expected[cid]
            assert rec["output"] == expected[cid].strip()
            assert rec["inputs"] == inputs
            used.append(cid)

    msgs = [{"role": "user", "content": " experiment chat  "}]
    res = stream(hl.chat_experiment_stream, experiment_id=eid, inputs={"x": "c"}, messages=msgs)
    assert len(res.ids) == 1, res.ids
    sid = res.ids[0]
    feedback_at_once(hl, sid)
    assert res.text(sid) == " experiment chat  "
    assert [d for d in res.deltas(sid) if d] == [" experiment", " chat  "]
    rec = export_records(hl, pid)[sid]
    assert rec["config_id"] in (A, B)
    assert rec["raw_output"] == " experiment chat  "
    assert rec["messages"][0]["content"] == ("A sys c" if rec["config_id"] == A else "B sys c")
    used.append(rec["config_id"])

    # every streamed sample was a trial of the config it used; the model-config calls above were not
    assert trials(hl, pid, eid) == {A: used.count(A), B: used.count(B)}


# ------------------------------------------------------------------------------------------
# 4. stored config: complete_model_config_stream / chat_model_config_stream


def test_model_config_streams(hl, project_name):
    cfg = register(hl, project_name, prompt_template="  Hello {{name}}, data: ",
                   chat_template=[{"role": "system", "content": "Greet {{name}}"}])
    C, pid = cfg["config"]["id"], cfg["project_id"]

    kwargs = dict(model_config_id=C, project=project_name, inputs={"name": "Ada"})
    twin = hl.complete_model_configuration(**kwargs).body
    assert twin["data"][0]["raw_output"] == "  Hello Ada, data: "
    sid = check_one_sample(hl, stream(hl.complete_model_config_stream, **kwargs), twin)
    assert export_records(hl, pid)[sid]["config_id"] == C

    kwargs = dict(model_config_id=C, project_id=pid, inputs={"name": "Bo"},
                  messages=[{"role": "user", "content": "hi\nthere data: "}])
    twin = hl.chat_model_configuration(**kwargs).body
    sid = check_one_sample(hl, stream(hl.chat_model_config_stream, **kwargs), twin)
    rec = export_records(hl, pid)[sid]
    assert rec["config_id"] == C
    assert [(m["role"], m["content"]) for m in rec["messages"]] == [("system", "Greet Bo"), ("user", "hi\nthere data: ")]
    assert {c["config"]["id"]: c["num_datapoints"] for c in hl.projects.list_configs(id=pid).body} == {C: 4}


# ------------------------------------------------------------------------------------------
# 5. errors before the first event


def _error_json(exc: ApiStreamingException):
    assert isinstance(exc.body, str), exc.body
    try:
        return json.loads(exc.body)
    except ValueError:
        pytest.fail(f"error body is not JSON: {exc.body!r}")


def assert_stream_validation_error(exc: ApiStreamingException, *needles: str):
    assert exc.status == 422, (exc.status, exc.body)
    detail = _error_json(exc).get("detail")
    assert isinstance(detail, list) and detail, exc.body
    text = " ".join(" ".join(map(str, i.get("loc", []))) + " " + str(i.get("msg")) for i in detail)
    for needle in needles:
        assert needle in text, f"{needle!r} not named in {detail}"


def assert_stream_error_object(exc: ApiStreamingException, code: int, type_: str):
    assert exc.status == code, (exc.status, exc.body)
    detail = _error_json(exc).get("detail")
    assert isinstance(detail, dict), exc.body
    assert (detail.get("type"), detail.get("code"), detail.get("origin")) == (type_, code, "Humanloop"), detail
    assert isinstance(detail.get("message"), str) and detail["message"], detail


# The SDK leaves its aiohttp session open when it raises ApiStreamingException (see _quiet_sdk_leak); the
# ResourceWarning aiohttp may add is the SDK's, not the server's.
sdk_leaks_session = pytest.mark.filterwarnings("ignore::ResourceWarning")


@sdk_leaks_session
def test_missing_template_variable_raises_before_streaming(hl, project_name):
    cfg = register(hl, project_name, prompt_template="T {{needed}}", chat_template=[{"role": "system", "content": "S {{needed}}"}])
    C, pid = cfg["config"]["id"], cfg["project_id"]
    eid = hl.experiments.create(project_id=pid, name="e", positive_labels=GOOD, config_ids=[C]).body["id"]
    msgs = [{"role": "user", "content": "m"}]
    calls = {
        "complete_stream": dict(project_id=pid, model_config={**MOCK, "prompt_template": "T {{needed}}"}, inputs={"other": "x"}),
        "chat_stream": dict(project_id=pid, model_config={**MOCK, "chat_template": [{"role": "system", "content": "S {{needed}}"}]},
                            messages=msgs),
        "complete_deployed_stream": dict(project=project_name, inputs={"other": "x"}),
        "chat_deployed_stream": dict(project_id=pid, messages=msgs),
        "complete_experiment_stream": dict(experiment_id=eid),
        "chat_experiment_stream": dict(experiment_id=eid, messages=msgs, inputs={}),
        "complete_model_config_stream": dict(model_config_id=C, project_id=pid),
        "chat_model_config_stream": dict(model_config_id=C, project_id=pid, messages=msgs),
    }
    for name, kwargs in calls.items():
        exc = stream_error(getattr(hl, name), **kwargs)
        assert_stream_validation_error(exc, "needed")
    # nothing was generated or logged, no trial counted
    assert hl.projects.get(id=pid).body["data_count"] == 0
    assert hl.projects.export(id=pid).body["total"] == 0
    assert trials(hl, pid, eid) == {C: 0}


@sdk_leaks_session
def test_unknown_ids_raise_before_streaming(hl, project_name):
    cfg = register(hl, project_name, prompt_template="T", chat_template=[{"role": "system", "content": "S"}])
    C, pid = cfg["config"]["id"], cfg["project_id"]
    nope = "pr_doesNotExist0000000000"
    msgs = [{"role": "user", "content": "m"}]

    for name, kwargs in {
        "complete_stream": dict(project_id=nope, model_config={**MOCK, "prompt_template": "x"}),
        "chat_stream": dict(project_id=nope, model_config=MOCK, messages=msgs),
        "complete_deployed_stream": dict(project_id=nope),
        "chat_deployed_stream": dict(project_id=nope, messages=msgs),
        "complete_model_config_stream": dict(model_config_id=C, project_id=nope),
        "chat_model_config_stream": dict(model_config_id=C, project_id=nope, messages=msgs),
        # other lookups that fail before the first event
        "complete_experiment_stream": dict(experiment_id="exp_doesNotExist0000000000"),
        "chat_experiment_stream": dict(experiment_id="exp_doesNotExist0000000000", messages=msgs),
    }.items():
        exc = stream_error(getattr(hl, name), **kwargs)
        assert_stream_error_object(exc, 404, "not_found_error")

    exc = stream_error(hl.complete_model_config_stream, model_config_id="config_doesNotExist000000000", project_id=pid)
    assert_stream_error_object(exc, 404, "not_found_error")
    exc = stream_error(hl.chat_deployed_stream, project_id=pid, environment="development", messages=msgs)
    assert_stream_error_object(exc, 404, "not_found_error")
    exc = stream_error(hl.complete_deployed_stream, project=project_name + "-unknown")
    assert_stream_error_object(exc, 404, "not_found_error")

    assert hl.projects.get(id=pid).body["data_count"] == 0
    assert hl.projects.list(filter=project_name + "-unknown").body["total"] == 0
