"""Raw HTTP responses validated against Humanloop's own OpenAPI document (May 2024,
shared/api/humanloop-v4.openapi.json), with jsonschema.

The document is OpenAPI 3.0: its schemas are JSON Schema with two OpenAPI twists, converted here:
- `nullable: true` means "or null";
- `discriminator` is an OpenAPI hint only (the `oneOf` it sits on is what validates).

One deliberate relaxation: every property that an object schema does NOT list in `required` also
accepts null. The hosted API emitted `null` for every unset optional field (FastAPI/pydantic default;
see api/humanloop-v4.md §1.4), Loopgate does the same, and every official SDK tolerates it, while the
generated schemas declare most optional fields without `nullable`. Required properties stay strict.

Where the shared folder is: env LOOPGATE_SHARED, default <repo>/../shared.
"""

import copy
import json
import os
import re
from datetime import datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LOOPGATE_SHARED", str(REPO.parent / "shared")))
OPENAPI_PATH = SHARED / "api" / "humanloop-v4.openapi.json"
DOC_URI = "urn:humanloop-v4-openapi"

MOCK = {"provider": "mock", "model": "mock-1"}


# ------------------------------------------------------------------------------------------
# OpenAPI 3.0 -> JSON Schema 2020-12


def _to_json_schema(node, *, in_properties=False):
    """Return a JSON Schema 2020-12 version of an OpenAPI 3.0 schema node (recursively)."""
    if isinstance(node, list):
        return [_to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    if in_properties:
        # node maps property names to schemas
        return {name: _to_json_schema(sub) for name, sub in node.items()}

    out = {}
    for key, value in node.items():
        if key in ("nullable", "discriminator", "example", "examples", "xml", "externalDocs"):
            continue
        if key in ("properties", "patternProperties", "$defs", "definitions"):
            out[key] = _to_json_schema(value, in_properties=True)
        elif key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf", "prefixItems", "contains"):
            out[key] = _to_json_schema(value)
        else:
            out[key] = value  # $ref, type, enum, format, required, title, description, default …

    # Relaxation (see module docstring): optional properties may be null.
    if isinstance(out.get("properties"), dict):
        required = set(out.get("required", []))
        for name, sub in list(out["properties"].items()):
            if name not in required:
                out["properties"][name] = _or_null(sub)

    if node.get("nullable") is True:
        out = _or_null(out)
    return out


def _or_null(schema):
    if isinstance(schema, dict) and schema.get("type") == "null":
        return schema
    return {"anyOf": [{"type": "null"}, schema]}


def _is_rfc3339(value) -> bool:
    """date-time as the reference asks: RFC 3339 with a time zone offset (or Z)."""
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


_FORMATS = FormatChecker(formats=())
_FORMATS.checks("date-time")(_is_rfc3339)


@pytest.fixture(scope="session")
def openapi():
    if not OPENAPI_PATH.is_file():
        pytest.fail(f"OpenAPI document not found at {OPENAPI_PATH} (set LOOPGATE_SHARED)", pytrace=False)
    return json.loads(OPENAPI_PATH.read_text())


@pytest.fixture(scope="session")
def registry(openapi):
    converted = copy.deepcopy(openapi)
    converted["components"]["schemas"] = {
        name: _to_json_schema(schema) for name, schema in openapi["components"]["schemas"].items()
    }
    return Registry().with_resource(DOC_URI, Resource(contents=converted, specification=DRAFT202012))


@pytest.fixture(scope="session")
def validate(openapi, registry):
    names = set(openapi["components"]["schemas"])

    def check(instance, schema_name):
        assert schema_name in names, f"no schema {schema_name} in the OpenAPI document"
        schema = {"$ref": f"{DOC_URI}#/components/schemas/{schema_name}"}
        validator = Draft202012Validator(schema, registry=registry, format_checker=_FORMATS)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if errors:
            lines = []
            for e in errors[:20]:
                where = "/".join(map(str, e.absolute_path)) or "<root>"
                lines.append(f"  at {where}: {e.message[:300]}")
                for sub in sorted(e.context or [], key=lambda s: list(s.absolute_path))[:6]:
                    lines.append(f"      - {'/'.join(map(str, sub.absolute_path))}: {sub.message[:200]}")
            pytest.fail(f"response does not match {schema_name}:\n" + "\n".join(lines), pytrace=False)

    return check


def _json(resp, status):
    assert resp.status == status, (resp.status, resp.text[:2000])
    assert resp.content_type.split(";")[0].strip() == "application/json", resp.content_type
    return resp.json()


def _assert_error_object(body, code):
    assert isinstance(body.get("detail"), dict), body
    d = body["detail"]
    assert isinstance(d.get("type"), str) and d["type"], body
    assert isinstance(d.get("message"), str) and d["message"], body
    assert d.get("code") == code, body
    assert isinstance(d.get("origin"), str) and d["origin"], body


# ------------------------------------------------------------------------------------------
# Self-check of the converter: the validation below must be able to fail.


def test_converter_rejects_bad_bodies(validate):
    good = {"data": [], "provider_responses": [], "project_id": None}
    validate(good, "CompletionResponse")
    bad_bodies = [
        {"provider_responses": []},  # data missing
        {"data": [{"id": "data_x", "index": "0", "output": "", "raw_output": "", "inputs": {}, "model_config_id": "c"}], "provider_responses": []},
        {"data": [{"id": None, "index": 0, "output": "", "raw_output": "", "inputs": {}, "model_config_id": "c"}], "provider_responses": []},
        {"data": [], "provider_responses": [], "usage": {"prompt_tokens": 1}},
    ]
    for bad in bad_bodies:
        with pytest.raises(pytest.fail.Exception):
            validate(bad, "CompletionResponse")
    with pytest.raises(pytest.fail.Exception):
        validate({"id": "pr_x", "name": "n", "users": [], "data_count": 0, "feedback_types": [], "team_id": "tm_x",
                  "created_at": "2024-05-27 20:42:52", "updated_at": "2024-05-27T20:42:52+00:00"}, "ProjectResponse")


# ------------------------------------------------------------------------------------------
# Generation


def test_completion_response_schema(raw, validate, project_name):
    body = _json(raw.post("/v4/completion", {
        "project": project_name,
        "model_config": {**MOCK, "prompt_template": "Say {{word}} now", "max_tokens": 2},
        "inputs": {"word": "hello"},
        "num_samples": 2,
        "metadata": {"k": "v"},
    }), 200)
    validate(body, "CompletionResponse")
    assert [d["output"] for d in body["data"]] == ["Say hello", "Say hello"]


def test_completion_without_project_schema(raw, validate):
    body = _json(raw.post("/v4/completion", {
        "model_config": {**MOCK, "prompt_template": "plain"},
    }), 200)
    validate(body, "CompletionResponse")
    assert body["project_id"] is None


def test_chat_response_schema(raw, validate, project_name):
    body = _json(raw.post("/v4/chat", {
        "project": project_name,
        "model_config": {**MOCK, "chat_template": [{"role": "system", "content": "Be {{tone}}"}]},
        "messages": [{"role": "user", "content": "hello there"}],
        "inputs": {"tone": "kind"},
    }), 200)
    validate(body, "ChatResponse")
    assert body["data"][0]["output"] == "hello there"


def test_provider_api_keys_in_body_is_accepted_and_not_echoed(raw, project_name):
    # 0.5.18 injects provider_api_keys into every JSON body; it must be ignored by the mock and
    # never appear in the answer.
    secret = "sk-compat-secret-do-not-echo"
    resp = raw.post("/v4/completion", {
        "project": project_name,
        "model_config": {**MOCK, "prompt_template": "Say hi"},
        "provider_api_keys": {"openai": secret, "mock": secret},
    })
    _json(resp, 200)
    assert secret not in resp.text


# ------------------------------------------------------------------------------------------
# 422s: FastAPI list shape


def _assert_names(detail, needle, in_loc_only):
    """Some entry names `needle`: as an element of its loc (or, for template variables, in its msg)."""
    for item in detail:
        if needle in [str(p) for p in item.get("loc", [])]:
            return
        if not in_loc_only and (needle in " ".join(map(str, item.get("loc", []))) or needle in item.get("msg", "")):
            return
    pytest.fail(f"{needle!r} not named in {detail}", pytrace=False)


@pytest.mark.parametrize("path,body,needle,in_loc_only", [
    ("/v4/completion", {"model_config": {**MOCK, "prompt_template": "Say {{word}}"}, "inputs": {}}, "word", False),
    ("/v4/completion", {"model_config": {**MOCK, "provider": "nope", "prompt_template": "x"}}, "provider", True),
    ("/v4/completion", {"inputs": {}}, "model_config", True),
    ("/v4/completion", {"model_config": {"provider": "mock", "prompt_template": "x"}}, "model", True),
    ("/v4/completion", {"model_config": {**MOCK, "prompt_template": "x", "max_tokens": "lots"}}, "max_tokens", True),
    ("/v4/chat", {"model_config": {**MOCK, "provider": "nope"}, "messages": [{"role": "user", "content": "x"}]}, "provider", True),
    ("/v4/chat", {"model_config": MOCK}, "messages", True),
    ("/v4/chat", {"model_config": MOCK, "messages": [{"role": "wizard", "content": "x"}]}, "role", True),
    ("/v4/chat", {"model_config": MOCK, "messages": [{"role": "user", "content": "x"}], "num_samples": "many"}, "num_samples", True),
])
def test_validation_error_schema(raw, validate, path, body, needle, in_loc_only):
    data = _json(raw.post(path, body), 422)
    validate(data, "HTTPValidationError")
    detail = data.get("detail")
    assert isinstance(detail, list) and detail, data
    _assert_names(detail, needle, in_loc_only)


@pytest.mark.parametrize("data", [b"", b"{not json", b"[1, 2]"], ids=["empty", "malformed", "array"])
def test_unusable_body_is_422(raw, validate, data):
    resp = raw.request("POST", "/v4/completion", data=data)
    body = _json(resp, 422)
    validate(body, "HTTPValidationError")
    assert isinstance(body.get("detail"), list) and body["detail"], body


# ------------------------------------------------------------------------------------------
# Logs


@pytest.fixture
def generated(raw, project_name):
    """Three logs in one fresh project: one completion, then a chat with 2 samples."""
    a = _json(raw.post("/v4/completion", {
        "project": project_name,
        "model_config": {**MOCK, "prompt_template": "Say {{word}} now"},
        "inputs": {"word": "hello"},
        "metadata": {"case": "logs"},
        "user": "u-1",
        "source": "compat",
    }), 200)
    b = _json(raw.post("/v4/chat", {
        "project_id": a["project_id"],
        "model_config": MOCK,
        "messages": [{"role": "user", "content": "two words"}],
        "num_samples": 2,
    }), 200)
    return {"project_id": a["project_id"], "completion": a, "chat": b,
            "ids": [a["data"][0]["id"]] + [d["id"] for d in b["data"]]}


def test_get_log_schema_and_content(raw, validate, generated):
    comp = generated["completion"]
    d = comp["data"][0]
    log = _json(raw.get(f"/v4/logs/{d['id']}"), 200)
    validate(log, "LogResponse")
    assert log["id"] == d["id"]
    assert log["project_id"] == generated["project_id"]
    assert log["output"] == "Say hello now"
    assert log["raw_output"] == "Say hello now"
    assert log["finish_reason"] == "stop"
    assert log["inputs"] == {"word": "hello"}
    assert log["metadata"] == {"case": "logs"}
    assert log["config"]["type"] == "model"
    assert log["config"]["id"] == d["model_config_id"]
    assert log["config"]["model"] == "mock-1"
    assert log["config"]["provider"] == "mock"
    assert log["config"]["prompt_template"] == "Say {{word}} now"

    chat_log = _json(raw.get(f"/v4/logs/{generated['chat']['data'][1]['id']}"), 200)
    validate(chat_log, "LogResponse")
    assert chat_log["output"] == "two words"
    assert [(m["role"], m["content"]) for m in chat_log["messages"]] == [("user", "two words")]


def test_get_unknown_log_is_404(raw):
    resp = raw.get("/v4/logs/data_doesNotExist000000000")
    _assert_error_object(_json(resp, 404), 404)


def test_list_logs_schema_and_paging(raw, validate, generated):
    pid = generated["project_id"]
    page = _json(raw.get("/v4/logs", params={"project_id": pid}), 200)
    validate(page, "PaginatedData_LogResponse_")
    assert page["page"] == 0
    assert page["size"] == 50
    assert page["total"] == 3
    assert sorted(r["id"] for r in page["records"]) == sorted(generated["ids"])
    assert all(r["project_id"] == pid for r in page["records"])

    seen = []
    for n in range(3):
        p = _json(raw.get("/v4/logs", params={"project_id": pid, "page": n, "size": 1}), 200)
        validate(p, "PaginatedData_LogResponse_")
        assert (p["page"], p["size"], p["total"]) == (n, 1, 3)
        assert len(p["records"]) == 1
        seen.append(p["records"][0]["id"])
    assert sorted(seen) == sorted(generated["ids"])

    past = _json(raw.get("/v4/logs", params={"project_id": pid, "page": 5, "size": 1}), 200)
    assert past["records"] == [] and past["total"] == 3


def test_list_logs_requires_project_id(raw, validate):
    data = _json(raw.get("/v4/logs"), 422)
    validate(data, "HTTPValidationError")
    assert "project_id" in json.dumps(data["detail"])


# ------------------------------------------------------------------------------------------
# Projects


def test_get_project_schema(raw, validate, generated):
    pid = generated["project_id"]
    body = _json(raw.get(f"/v4/projects/{pid}"), 200)
    validate(body, "ProjectResponse")
    assert body["id"] == pid
    assert body["data_count"] == 3
    assert re.fullmatch(r"tm_[A-Za-z0-9]+", body["team_id"]), body["team_id"]


def test_list_projects_schema_and_paging(raw, validate, generated, project_name):
    first = _json(raw.get("/v4/projects"), 200)
    validate(first, "PaginatedData_ProjectResponse_")
    assert (first["page"], first["size"]) == (0, 10)
    total = first["total"]
    assert total >= 1
    assert len(first["records"]) == min(10, total)

    found = None
    ids = []
    size = 7
    for n in range((total + size - 1) // size):
        p = _json(raw.get("/v4/projects", params={"page": n, "size": size}), 200)
        validate(p, "PaginatedData_ProjectResponse_")
        assert (p["page"], p["size"]) == (n, size)
        ids += [r["id"] for r in p["records"]]
        for r in p["records"]:
            if r["id"] == generated["project_id"]:
                found = r
    assert found is not None, "project created by a generation is not listed"
    assert found["name"] == project_name
    assert len(ids) == len(set(ids)) == total


def test_get_unknown_project_is_404(raw):
    _assert_error_object(_json(raw.get("/v4/projects/pr_doesNotExist0000000000"), 404), 404)


# ------------------------------------------------------------------------------------------
# Auth, health, served document


def test_missing_key_is_401_json(raw):
    for method, path, body in [("GET", "/v4/projects", None),
                               ("POST", "/v4/completion", {"model_config": {**MOCK, "prompt_template": "x"}})]:
        resp = raw.request(method, path, body=body, api_key=None)
        _assert_error_object(_json(resp, 401), 401)


def test_healthz_needs_no_key(raw):
    resp = raw.get("/healthz", api_key=None)
    assert resp.status == 200


def test_served_openapi_document(raw):
    doc = _json(raw.get("/v4/openapi.json"), 200)
    assert str(doc.get("openapi", "")).startswith("3."), doc.get("openapi")
    for path in ["/completion", "/chat", "/logs", "/logs/{id}", "/projects", "/projects/{id}"]:
        assert any(p in doc.get("paths", {}) for p in (path, "/v4" + path)), f"{path} missing from /v4/openapi.json"


def test_ids_have_reference_shape(raw, project_name):
    # api/humanloop-v4.md §1.7: a type prefix + 21 characters of the nanoid alphabet.
    body = _json(raw.post("/v4/completion", {"project": project_name, "model_config": {**MOCK, "prompt_template": "x"}}), 200)
    assert re.fullmatch(r"pr_[A-Za-z0-9]{21}", body["project_id"]), body["project_id"]
    assert re.fullmatch(r"data_[A-Za-z0-9]{21}", body["data"][0]["id"]), body["data"][0]["id"]
    assert re.fullmatch(r"config_[A-Za-z0-9]+", body["data"][0]["model_config_id"]), body["data"][0]["model_config_id"]
