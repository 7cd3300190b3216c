"""Generation through the official Humanloop Python SDK 0.5.18, against the mock provider.

How 0.5.18 answers (read from its source, humanloop/paths/*/post.py and api_client.py):
- `hl.complete(...)` / `hl.chat(...)` return a dataclass `ApiResponseFor200`
  (subclass of `humanloop.api_response.ApiResponse`) with `.status`, `.headers`, `.response`,
  `.round_trip_time` and `.body`: the plain `json.loads` of the body (a dict), because every call
  runs with `skip_deserialization=True`; nothing in the body is validated client-side.
- Any non-2xx status raises `humanloop.exceptions.ApiException` with `.status` (int), `.reason`,
  `.headers` and `.body`: the parsed JSON when the response's Content-Type is JSON, else text/bytes.
- Request bodies ARE validated client-side against the SDK's schemas: an unknown provider such as
  "nope" raises `humanloop.exceptions.SchemaValidationError` before anything is sent, so that case
  is sent raw here (it is still a user-visible path: other clients send it).

Expected values follow shared/CONTRACT.md ("The mock provider", "Mock, exactly", "Errors").
"""

import re

import pytest
from humanloop import Humanloop
from humanloop.exceptions import ApiException

MOCK = {"provider": "mock", "model": "mock-1"}


def completion_config(**over):
    return {**MOCK, "prompt_template": "Say {{word}} now", **over}


def chat_config(**over):
    return {**MOCK, **over}


def words(text: str) -> int:
    return len(text.split())


def assert_data_id(value):
    assert isinstance(value, str) and re.fullmatch(r"data_[A-Za-z0-9]+", value), value


def assert_config_id(value):
    assert isinstance(value, str) and re.fullmatch(r"config_[A-Za-z0-9]+", value), value


def assert_project_id(value):
    assert isinstance(value, str) and re.fullmatch(r"pr_[A-Za-z0-9]+", value), value


def assert_validation_error(status: int, body, *expect_in_loc_or_msg: str):
    """422 with the FastAPI list shape: detail = [{loc: [str|int], msg: str, type: str}]."""
    assert status == 422, (status, body)
    assert isinstance(body, dict), f"422 body is not JSON (Content-Type?): {body!r}"
    detail = body.get("detail")
    assert isinstance(detail, list) and detail, body
    for item in detail:
        assert isinstance(item, dict), item
        assert isinstance(item.get("loc"), list) and item["loc"], item
        assert all(isinstance(p, (str, int)) and not isinstance(p, bool) for p in item["loc"]), item
        assert isinstance(item.get("msg"), str) and item["msg"], item
        assert isinstance(item.get("type"), str) and item["type"], item
    text = " ".join(" ".join(map(str, i["loc"])) + " " + i["msg"] for i in detail)
    for needle in expect_in_loc_or_msg:
        assert needle in text, f"{needle!r} not named in {detail}"


def assert_error_object(body, code: int, type_: str):
    """The contract's object shape for non-validation errors: detail = {type, message, code, origin}."""
    assert isinstance(body, dict), f"error body is not JSON: {body!r}"
    detail = body.get("detail")
    assert isinstance(detail, dict), body
    assert detail.get("type") == type_, body
    assert isinstance(detail.get("message"), str) and detail["message"], body
    assert detail.get("code") == code, body
    assert detail.get("origin") == "Humanloop", body


# ------------------------------------------------------------------------------------------
# Completion


def test_complete_returns_rendered_prompt(hl, project_name):
    r = hl.complete(
        project=project_name,
        model_config=completion_config(),
        inputs={"word": "hello"},
    )
    assert r.status == 200
    body = r.body
    assert isinstance(body, dict)
    assert_project_id(body["project_id"])
    assert body["num_samples"] == 1
    assert len(body["data"]) == 1
    d = body["data"][0]
    assert d["index"] == 0
    assert_data_id(d["id"])
    assert_config_id(d["model_config_id"])
    assert d["output"] == "Say hello now"
    assert d["raw_output"] == "Say hello now"
    assert d["finish_reason"] == "stop"
    assert d["inputs"] == {"word": "hello"}
    assert body["usage"] == {"prompt_tokens": 3, "generation_tokens": 3, "total_tokens": 6}
    assert isinstance(body["provider_responses"], list)


def test_complete_template_syntax_and_non_string_inputs(hl, project_name):
    # `{{ name }}` with inner spaces; non-string JSON values are inserted serialised.
    r = hl.complete(
        project=project_name,
        model_config=completion_config(prompt_template="{{ greeting }} {{name}}, you are {{age}}"),
        inputs={"greeting": "Hi", "name": "Ada", "age": 36},
    )
    d = r.body["data"][0]
    assert d["output"] == "Hi Ada, you are 36"
    assert r.body["usage"]["prompt_tokens"] == 5
    assert r.body["usage"]["generation_tokens"] == 5


def test_complete_output_is_trimmed_raw_output_is_not(hl, project_name):
    r = hl.complete(
        project=project_name,
        model_config=completion_config(prompt_template="\n  Say {{word}}   now \n"),
        inputs={"word": "hello"},
    )
    d = r.body["data"][0]
    assert d["raw_output"] == "\n  Say hello   now \n"
    assert d["output"] == "Say hello   now"
    assert d["finish_reason"] == "stop"
    assert r.body["usage"] == {"prompt_tokens": 3, "generation_tokens": 3, "total_tokens": 6}


def test_complete_max_tokens_cuts_with_length(hl, project_name):
    r = hl.complete(
        project=project_name,
        model_config=completion_config(prompt_template="one  two\tthree four five", max_tokens=3),
    )
    d = r.body["data"][0]
    # first max_tokens words joined by single spaces
    assert d["output"] == "one two three"
    assert d["raw_output"] == "one two three"
    assert d["finish_reason"] == "length"
    assert r.body["usage"] == {"prompt_tokens": 5, "generation_tokens": 3, "total_tokens": 8}


@pytest.mark.parametrize("max_tokens", [5, 50, -1])
def test_complete_max_tokens_not_reached_is_stop(hl, project_name, max_tokens):
    text = "one two three four five"
    r = hl.complete(
        project=project_name,
        model_config=completion_config(prompt_template=text, max_tokens=max_tokens),
    )
    d = r.body["data"][0]
    assert d["output"] == text
    assert d["finish_reason"] == "stop"
    assert r.body["usage"]["generation_tokens"] == 5


def test_complete_num_samples(hl, project_name):
    n = 3
    r = hl.complete(
        project=project_name,
        model_config=completion_config(),
        inputs={"word": "hello"},
        num_samples=n,
    )
    body = r.body
    assert body["num_samples"] == n
    data = body["data"]
    assert len(data) == n
    assert [d["index"] for d in data] == list(range(n))
    ids = [d["id"] for d in data]
    for i in ids:
        assert_data_id(i)
    assert len(set(ids)) == n, ids
    assert {d["output"] for d in data} == {"Say hello now"}
    assert len({d["model_config_id"] for d in data}) == 1
    usage = body["usage"]
    assert usage["generation_tokens"] == 3 * n
    # The contract counts prompt words per rendered prompt and sums usage over samples; whether the
    # prompt is counted once (as OpenAI reports n>1) or per sample is not pinned: accept either.
    assert usage["prompt_tokens"] in (3, 3 * n), usage
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["generation_tokens"]


def test_complete_echoes_metadata_and_user(hl, project_name):
    meta = {"run": "compat", "n": 1, "nested": {"ok": True}}
    r = hl.complete(
        project=project_name,
        model_config=completion_config(),
        inputs={"word": "x"},
        metadata=meta,
        user="user-42",
        source="compat-suite",
    )
    assert r.body["metadata"] == meta
    assert r.body["user"] == "user-42"


# ------------------------------------------------------------------------------------------
# Chat


def test_chat_returns_last_user_message(hl, project_name):
    r = hl.chat(
        project=project_name,
        model_config=chat_config(chat_template=[{"role": "system", "content": "You are a {{persona}}."}]),
        messages=[
            {"role": "user", "content": "alpha beta"},
            {"role": "assistant", "content": "gamma"},
            {"role": "user", "content": "delta  epsilon zeta"},
        ],
        inputs={"persona": "pirate"},
    )
    assert r.status == 200
    body = r.body
    assert_project_id(body["project_id"])
    assert len(body["data"]) == 1
    d = body["data"][0]
    assert d["index"] == 0
    assert_data_id(d["id"])
    assert_config_id(d["model_config_id"])
    assert d["output"] == "delta  epsilon zeta"
    assert d["raw_output"] == "delta  epsilon zeta"
    assert d["finish_reason"] == "stop"
    # prompt: "You are a pirate." (4) + "alpha beta" (2) + "gamma" (1) + "delta epsilon zeta" (3)
    assert body["usage"] == {"prompt_tokens": 10, "generation_tokens": 3, "total_tokens": 13}
    # the messages sent to the provider: rendered template first, then the request's messages
    sent = [(m["role"], m["content"]) for m in d["messages"]]
    assert sent == [
        ("system", "You are a pirate."),
        ("user", "alpha beta"),
        ("assistant", "gamma"),
        ("user", "delta  epsilon zeta"),
    ]
    assert d["output_message"]["role"] == "assistant"
    assert d["output_message"]["content"] == "delta  epsilon zeta"


def test_chat_last_user_message_not_last_message(hl, project_name):
    r = hl.chat(
        project=project_name,
        model_config=chat_config(),
        messages=[
            {"role": "user", "content": "alpha beta"},
            {"role": "assistant", "content": "gamma"},
        ],
    )
    d = r.body["data"][0]
    assert d["output"] == "alpha beta"
    assert r.body["usage"] == {"prompt_tokens": 3, "generation_tokens": 2, "total_tokens": 5}


def test_chat_user_message_from_rendered_template(hl, project_name):
    r = hl.chat(
        project=project_name,
        model_config=chat_config(
            chat_template=[
                {"role": "system", "content": "Be {{ tone }}"},
                {"role": "user", "content": "Say {{word}} now"},
            ]
        ),
        messages=[],
        inputs={"tone": "brief", "word": "hello"},
    )
    d = r.body["data"][0]
    assert d["output"] == "Say hello now"
    assert d["inputs"] == {"tone": "brief", "word": "hello"}
    assert r.body["usage"] == {"prompt_tokens": 5, "generation_tokens": 3, "total_tokens": 8}


def test_chat_max_tokens_and_num_samples(hl, project_name):
    n = 2
    r = hl.chat(
        project=project_name,
        model_config=chat_config(max_tokens=2),
        messages=[{"role": "user", "content": "one two three"}],
        num_samples=n,
    )
    data = r.body["data"]
    assert [d["index"] for d in data] == list(range(n))
    assert len({d["id"] for d in data}) == n
    for d in data:
        assert_data_id(d["id"])
        assert d["output"] == "one two"
        assert d["finish_reason"] == "length"
    assert r.body["usage"]["generation_tokens"] == 2 * n


# ------------------------------------------------------------------------------------------
# Projects and config identity


def test_project_name_is_find_or_create(hl, project_name):
    a = hl.complete(project=project_name, model_config=completion_config(), inputs={"word": "a"})
    b = hl.chat(project=project_name, model_config=chat_config(), messages=[{"role": "user", "content": "b"}])
    assert_project_id(a.body["project_id"])
    assert a.body["project_id"] == b.body["project_id"]

    p = hl.projects.get(id=a.body["project_id"])
    assert p.status == 200
    assert p.body["id"] == a.body["project_id"]
    assert p.body["name"] == project_name
    assert p.body["data_count"] == 2


def test_project_id_is_used_and_wins_over_name(hl, project_name):
    pid = hl.complete(project=project_name, model_config=completion_config(), inputs={"word": "a"}).body["project_id"]
    r = hl.complete(project_id=pid, model_config=completion_config(), inputs={"word": "b"})
    assert r.body["project_id"] == pid
    r = hl.complete(project=project_name + "-other", project_id=pid, model_config=completion_config(), inputs={"word": "c"})
    assert r.body["project_id"] == pid
    assert hl.projects.get(id=pid).body["data_count"] == 3


def test_no_project_still_generates(hl):
    r = hl.complete(model_config=completion_config(), inputs={"word": "solo"})
    assert r.body["project_id"] is None
    assert r.body["data"][0]["output"] == "Say solo now"
    assert_data_id(r.body["data"][0]["id"])


def test_unknown_project_id_is_404(hl):
    with pytest.raises(ApiException) as exc:
        hl.complete(project_id="pr_doesNotExist0000000000", model_config=completion_config(), inputs={"word": "x"})
    assert exc.value.status == 404
    assert_error_object(exc.value.body, 404, "not_found_error")


def test_same_config_same_id_changed_config_new_id(hl, project_name):
    cfg = completion_config(temperature=0.7, max_tokens=10)
    a = hl.complete(project=project_name, model_config=cfg, inputs={"word": "a"}).body["data"][0]["model_config_id"]
    b = hl.complete(project=project_name, model_config=dict(cfg), inputs={"word": "b"}).body["data"][0]["model_config_id"]
    assert_config_id(a)
    assert a == b

    # key order on the wire does not matter (canonical JSON)
    reordered = dict(reversed(list(cfg.items())))
    c = hl.complete(project=project_name, model_config=reordered, inputs={"word": "c"}).body["data"][0]["model_config_id"]
    assert c == a

    # the same config used from another project keeps its content id
    d = hl.complete(project=project_name + "-2", model_config=cfg, inputs={"word": "d"}).body["data"][0]["model_config_id"]
    assert d == a

    # any parameter changed: a new id
    e = hl.complete(project=project_name, model_config={**cfg, "temperature": 0.2}, inputs={"word": "e"}).body["data"][0]["model_config_id"]
    assert_config_id(e)
    assert e != a
    f = hl.complete(project=project_name, model_config={**cfg, "prompt_template": "Say {{word}} later"}, inputs={"word": "f"}).body["data"][0]["model_config_id"]
    assert f not in (a, e)


def test_config_defaults_are_filled_before_hashing(hl, project_name):
    # temperature defaults to 1 and max_tokens to -1: spelling the defaults out is the same config
    bare = hl.complete(project=project_name, model_config=completion_config(), inputs={"word": "a"})
    explicit = hl.complete(
        project=project_name,
        model_config=completion_config(temperature=1, max_tokens=-1),
        inputs={"word": "a"},
    )
    assert bare.body["data"][0]["model_config_id"] == explicit.body["data"][0]["model_config_id"]


def test_chat_config_same_id_and_new_id(hl, project_name):
    cfg = chat_config(chat_template=[{"role": "system", "content": "Be {{tone}}"}], temperature=0.5)
    msgs = [{"role": "user", "content": "hi"}]
    a = hl.chat(project=project_name, model_config=cfg, messages=msgs, inputs={"tone": "kind"}).body["data"][0]["model_config_id"]
    b = hl.chat(project=project_name, model_config=cfg, messages=msgs, inputs={"tone": "curt"}).body["data"][0]["model_config_id"]
    c = hl.chat(project=project_name, model_config={**cfg, "temperature": 0.6}, messages=msgs, inputs={"tone": "kind"}).body["data"][0]["model_config_id"]
    assert_config_id(a)
    assert a == b
    assert c != a


# ------------------------------------------------------------------------------------------
# Errors as the SDK surfaces them


def test_missing_template_variable_is_422(hl, project_name):
    with pytest.raises(ApiException) as exc:
        hl.complete(project=project_name, model_config=completion_config(), inputs={"other": "x"})
    assert_validation_error(exc.value.status, exc.value.body, "word")


def test_missing_chat_template_variable_is_422(hl, project_name):
    with pytest.raises(ApiException) as exc:
        hl.chat(
            project=project_name,
            model_config=chat_config(chat_template=[{"role": "system", "content": "Be {{tone}}"}]),
            messages=[{"role": "user", "content": "hi"}],
        )
    assert_validation_error(exc.value.status, exc.value.body, "tone")


def test_unknown_provider_is_422(raw, project_name):
    # The 0.5.18 SDK refuses provider "nope" client-side (SchemaValidationError, nothing is sent),
    # so the request goes out raw, as another client would send it.
    for path, body in [
        ("/v4/completion", {"project": project_name, "model_config": {**completion_config(), "provider": "nope"}, "inputs": {"word": "x"}}),
        ("/v4/chat", {"project": project_name, "model_config": {**chat_config(), "provider": "nope"}, "messages": [{"role": "user", "content": "hi"}]}),
    ]:
        r = raw.post(path, body)
        assert r.status == 422, (path, r.status, r.text)
        assert_validation_error(r.status, r.json(), "provider")


def test_bad_api_key_is_401(base_url):
    client = Humanloop(api_key="lg_thisKeyDoesNotExist0000000000000", host=f"{base_url}/v4")
    with pytest.raises(ApiException) as exc:
        client.complete(model_config=completion_config(), inputs={"word": "x"})
    assert exc.value.status == 401
    assert_error_object(exc.value.body, 401, "authentication_error")

    with pytest.raises(ApiException) as exc:
        client.projects.list()
    assert exc.value.status == 401
