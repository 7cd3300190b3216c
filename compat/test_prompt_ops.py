"""Prompt operations through the official Humanloop Python SDK 0.5.18, as a user's code drives them:
register → deploy → deployed generation, experiments and feedback, sessions, logs, projects.

SDK names used (read from humanloop/apis/tags/*.py and humanloop/client.py of 0.5.18):
- top level: `complete`, `chat`, `complete_deployed`, `chat_deployed`, `complete_experiment`,
  `chat_experiment`, `complete_model_configuration`, `chat_model_configuration`, `feedback`, `log`;
- `model_configs.register` / `.get`;
- `projects.create` / `.get` / `.list` / `.update` / `.list_configs` / `.list_deployed_configs` /
  `.deploy_config` / `.delete_deployed_config` / `.get_active_config` / `.deactivate_config` /
  `.deactivate_experiment` / `.create_feedback_type` / `.export`;
- `experiments.create` / `.list` / `.sample` / `.update` / `.delete`;
- `sessions.create` / `.get` / `.list`;
- `logs.update` / `.update_by_ref`.
Every call returns a response whose `.body` is the parsed JSON (the SDK skips deserialisation); any
non-2xx raises `humanloop.exceptions.ApiException` with `.status` and `.body`. No raw HTTP is needed
here: 0.5.18 has a method for every operation this file drives.

Expected values follow shared/CONTRACT.md ("The mock provider", "Semantics the shapes leave open",
"Experiments", "Errors", "Shapes with no v4 meaning") and api/humanloop-v4.md §2.7, §3.1–3.6, §7.
"""

import math
import re
import uuid

import pytest
from humanloop.exceptions import ApiException

MOCK = {"provider": "mock", "model": "mock-1"}
GOOD = [{"type": "rating", "value": "good"}]
ENV_NAMES = {"production", "staging", "development"}


# ------------------------------------------------------------------------------------------
# helpers


def assert_id(value, prefix: str):
    assert isinstance(value, str) and re.fullmatch(prefix + r"[A-Za-z0-9]+", value), (prefix, value)


def assert_error_object(exc: ApiException, code: int, type_: str):
    assert exc.status == code, (exc.status, exc.body)
    body = exc.body
    assert isinstance(body, dict), f"error body is not JSON: {body!r}"
    detail = body.get("detail")
    assert isinstance(detail, dict), body
    assert detail.get("type") == type_, body
    assert detail.get("code") == code, body
    assert isinstance(detail.get("message"), str) and detail["message"], body
    assert detail.get("origin") == "Humanloop", body


def assert_validation_error(exc: ApiException, *needles: str):
    assert exc.status == 422, (exc.status, exc.body)
    detail = exc.body.get("detail") if isinstance(exc.body, dict) else None
    assert isinstance(detail, list) and detail, exc.body
    text = " ".join(" ".join(map(str, i.get("loc", []))) + " " + str(i.get("msg")) for i in detail)
    for needle in needles:
        assert needle in text, f"{needle!r} not named in {detail}"


def register(hl, project: str, **config):
    """POST /model-configs with the mock provider; returns the ProjectConfigResponse body."""
    r = hl.model_configs.register(project=project, **MOCK, **config)
    assert r.status == 200, r.status
    return r.body


def env_ids(hl, project_id: str) -> dict:
    return {e["environment_name"]: e["environment_id"] for e in hl.projects.list_deployed_configs(id=project_id).body}


def experiment(hl, project_id: str, experiment_id: str) -> dict:
    found = [e for e in hl.experiments.list(project_id=project_id).body if e["id"] == experiment_id]
    assert len(found) == 1, found
    return found[0]


def by_config(exp: dict) -> dict:
    return {c["id"]: c for c in exp["configs"]}


def beta_mean_spread(successes: int, trials: int):
    a, b = 1 + successes, 1 + trials - successes
    return a / (a + b), math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))


# ------------------------------------------------------------------------------------------
# 1. register → deploy → deployed generation


def test_register_first_config_becomes_active_in_production(hl, project_name):
    a = register(hl, project_name, prompt_template="A says {{word}}")
    assert_id(a["project_id"], "pr_")
    assert a["project_name"] == project_name
    assert a["config"]["type"] == "model"
    assert a["config"]["prompt_template"] == "A says {{word}}"
    assert a["config"]["provider"] == "mock"
    assert a["config"]["model"] == "mock-1"
    A = a["config"]["id"]
    assert_id(A, "config_")
    pid = a["project_id"]

    b = register(hl, project_name, prompt_template="B says {{word}}")
    B = b["config"]["id"]
    assert b["project_id"] == pid
    assert B != A
    # registering the same content again: the same id, and the active config does not move
    assert register(hl, project_name, prompt_template="A says {{word}}")["config"]["id"] == A

    deployed = hl.projects.list_deployed_configs(id=pid)
    assert deployed.status == 200
    rows = deployed.body
    assert len(rows) == 3, rows
    assert {r["environment_name"] for r in rows} == ENV_NAMES
    for r in rows:
        assert_id(r["environment_id"], "env_")
        assert r["project_id"] == pid
        assert r["project_name"] == project_name
    assert len({r["environment_id"] for r in rows}) == 3
    by_env = {r["environment_name"]: r for r in rows}
    assert by_env["production"]["environment_tag"] == "default"
    assert by_env["production"]["model_config_id"] == A
    for other in ("staging", "development"):
        assert by_env[other]["environment_tag"] == "other"
        assert by_env[other]["model_config_id"] is None

    active = hl.projects.get_active_config(id=pid)
    assert active.status == 200
    assert active.body["config"]["id"] == A
    assert active.body["project_id"] == pid
    assert hl.projects.get(id=pid).body["active_config"]["config"]["id"] == A

    got = hl.model_configs.get(id=B)
    assert got.status == 200
    assert got.body["id"] == B
    assert got.body["prompt_template"] == "B says {{word}}"

    assert {c["config"]["id"] for c in hl.projects.list_configs(id=pid).body} == {A, B}

    # the first config went to production: a deployed call without environment runs it
    r = hl.complete_deployed(project=project_name, inputs={"word": "hi"})
    assert r.body["data"][0]["output"] == "A says hi"
    assert r.body["data"][0]["model_config_id"] == A


def test_deploy_to_staging_then_complete_and_chat_deployed(hl, project_name):
    a = register(hl, project_name, prompt_template="A says {{word}}",
                 chat_template=[{"role": "system", "content": "A system {{word}}"}])
    b = register(hl, project_name, prompt_template="B says {{word}}",
                 chat_template=[{"role": "system", "content": "B system {{word}}"}])
    A, B, pid = a["config"]["id"], b["config"]["id"], a["project_id"]
    envs = env_ids(hl, pid)
    assert set(envs) == ENV_NAMES

    d = hl.projects.deploy_config(project_id=pid, config_id=B, environments=[{"id": envs["staging"]}])
    assert d.status == 200
    after = {r["environment_name"]: r["model_config_id"] for r in d.body}
    assert after == {"production": A, "staging": B, "development": None}

    r = hl.complete_deployed(project=project_name, inputs={"word": "hi"}, environment="staging")
    assert r.status == 200
    assert r.body["project_id"] == pid
    assert r.body["data"][0]["output"] == "B says hi"
    assert r.body["data"][0]["model_config_id"] == B
    assert_id(r.body["data"][0]["id"], "data_")

    r = hl.chat_deployed(project=project_name, inputs={"word": "yo"}, environment="staging",
                         messages=[{"role": "user", "content": "first"}, {"role": "assistant", "content": "x"},
                                   {"role": "user", "content": "last user words"}])
    d0 = r.body["data"][0]
    assert d0["output"] == "last user words"
    assert d0["model_config_id"] == B
    assert [(m["role"], m["content"]) for m in d0["messages"]][0] == ("system", "B system yo")

    # production still serves A, by project id too
    r = hl.complete_deployed(project_id=pid, inputs={"word": "hi"})
    assert r.body["data"][0]["output"] == "A says hi"
    r = hl.chat_deployed(project_id=pid, inputs={"word": "yo"}, messages=[{"role": "user", "content": "m"}])
    assert r.body["data"][0]["model_config_id"] == A
    assert r.body["data"][0]["messages"][0]["content"] == "A system yo"

    # a deploy change takes effect on the very next call
    hl.projects.deploy_config(project_id=pid, config_id=A, environments=[{"id": envs["staging"]}])
    r = hl.complete_deployed(project=project_name, inputs={"word": "again"}, environment="staging")
    assert r.body["data"][0]["output"] == "A says again"
    assert r.body["data"][0]["model_config_id"] == A
    hl.projects.deploy_config(project_id=pid, config_id=B, environments=[{"id": envs["staging"]}])
    r = hl.chat_deployed(project=project_name, environment="staging", inputs={"word": "z"},
                         messages=[{"role": "user", "content": "back to B"}])
    assert r.body["data"][0]["model_config_id"] == B
    assert r.body["data"][0]["output"] == "back to B"

    # nothing deployed in development; an unknown environment name
    with pytest.raises(ApiException) as exc:
        hl.complete_deployed(project=project_name, inputs={"word": "x"}, environment="development")
    assert_error_object(exc.value, 404, "not_found_error")
    with pytest.raises(ApiException) as exc:
        hl.chat_deployed(project=project_name, environment="no-such-env", messages=[{"role": "user", "content": "x"}])
    assert_error_object(exc.value, 404, "not_found_error")

    # every deployed call above was logged to the project
    assert hl.projects.get(id=pid).body["data_count"] == 6


def test_deploy_to_several_environments_remove_and_set_active(hl, project_name):
    a = register(hl, project_name, prompt_template="A {{x}}")
    b = register(hl, project_name, prompt_template="B {{x}}")
    A, B, pid = a["config"]["id"], b["config"]["id"], a["project_id"]
    envs = env_ids(hl, pid)

    def out(env=None):
        return hl.complete_deployed(project=project_name, inputs={"x": "v"}, environment=env).body["data"][0]["output"]

    hl.projects.deploy_config(project_id=pid, config_id=B,
                              environments=[{"id": envs["staging"]}, {"id": envs["development"]}])
    assert (out(), out("staging"), out("development")) == ("A v", "B v", "B v")

    r = hl.projects.delete_deployed_config(project_id=pid, environment_id=envs["development"])
    assert r.status == 200
    with pytest.raises(ApiException) as exc:
        out("development")
    assert_error_object(exc.value, 404, "not_found_error")
    assert out("staging") == "B v"

    r = hl.projects.deactivate_config(id=pid, environment="staging")
    assert r.status == 200
    with pytest.raises(ApiException) as exc:
        out("staging")
    assert exc.value.status == 404
    assert out() == "A v"  # production untouched

    # deploying to production moves the active config; projects.update(active_config_id) moves it back
    hl.projects.deploy_config(project_id=pid, config_id=B, environments=[{"id": envs["production"]}])
    assert out() == "B v"
    assert hl.projects.get_active_config(id=pid).body["config"]["id"] == B
    up = hl.projects.update(id=pid, active_config_id=A)
    assert up.status == 200
    assert up.body["active_config"]["config"]["id"] == A
    assert out() == "A v"
    active = hl.projects.get_active_config(id=pid, environment="production").body
    assert active["config"]["id"] == A
    assert active["environment_id"] == envs["production"]
    assert {r["environment_name"]: r["model_config_id"] for r in hl.projects.list_deployed_configs(id=pid).body} == {
        "production": A, "staging": None, "development": None}


def test_deactivate_config(hl, project_name):
    a = register(hl, project_name, prompt_template="A {{x}}")
    pid = a["project_id"]
    assert hl.complete_deployed(project=project_name, inputs={"x": "1"}).body["data"][0]["output"] == "A 1"

    r = hl.projects.deactivate_config(id=pid)
    assert r.status == 200
    assert r.body["id"] == pid
    assert r.body["name"] == project_name
    assert r.body["active_config"] is None
    assert r.body["data_count"] == 1

    with pytest.raises(ApiException) as exc:
        hl.complete_deployed(project=project_name, inputs={"x": "1"})
    assert_error_object(exc.value, 404, "not_found_error")
    with pytest.raises(ApiException) as exc:
        hl.projects.get_active_config(id=pid)
    assert exc.value.status == 404
    assert {r["environment_name"]: r["model_config_id"] for r in hl.projects.list_deployed_configs(id=pid).body} == {
        "production": None, "staging": None, "development": None}
    assert hl.projects.get(id=pid).body["active_config"] is None
    # the config itself stays registered
    assert [c["config"]["id"] for c in hl.projects.list_configs(id=pid).body] == [a["config"]["id"]]


def test_deployed_needs_an_existing_project(hl, project_name):
    with pytest.raises(ApiException) as exc:
        hl.complete_deployed(project=project_name, inputs={"x": "1"})
    assert_error_object(exc.value, 404, "not_found_error")
    with pytest.raises(ApiException) as exc:
        hl.chat_deployed(project=project_name, messages=[{"role": "user", "content": "x"}])
    assert_error_object(exc.value, 404, "not_found_error")
    # no project was created by the failed calls
    assert hl.projects.list(filter=project_name).body["total"] == 0


def test_complete_and_chat_with_a_registered_config_id(hl, project_name):
    cfg = register(hl, project_name, prompt_template="Hello {{name}}",
                   chat_template=[{"role": "system", "content": "Greet {{name}}"}])
    C, pid = cfg["config"]["id"], cfg["project_id"]

    r = hl.complete_model_configuration(model_config_id=C, project=project_name, inputs={"name": "Ada"})
    assert r.status == 200
    assert r.body["project_id"] == pid
    assert r.body["data"][0]["output"] == "Hello Ada"
    assert r.body["data"][0]["model_config_id"] == C

    r = hl.chat_model_configuration(model_config_id=C, project_id=pid, inputs={"name": "Bo"},
                                    messages=[{"role": "user", "content": "hi there"}])
    d = r.body["data"][0]
    assert d["output"] == "hi there"
    assert d["model_config_id"] == C
    assert [(m["role"], m["content"]) for m in d["messages"]] == [("system", "Greet Bo"), ("user", "hi there")]

    assert {c["config"]["id"]: c["num_datapoints"] for c in hl.projects.list_configs(id=pid).body} == {C: 2}

    with pytest.raises(ApiException) as exc:
        hl.complete_model_configuration(model_config_id="config_doesNotExist000000000", inputs={"name": "x"})
    assert_error_object(exc.value, 404, "not_found_error")

    chat_only = register(hl, project_name, chat_template=[{"role": "system", "content": "S"}], endpoint="chat")
    with pytest.raises(ApiException) as exc:
        hl.complete_model_configuration(model_config_id=chat_only["config"]["id"], project=project_name)
    assert_validation_error(exc.value, "prompt_template")


# ------------------------------------------------------------------------------------------
# 2. experiments


def _two_configs(hl, project_name):
    a = register(hl, project_name, prompt_template="A {{x}}")
    b = register(hl, project_name, prompt_template="B {{x}}")
    return a["config"]["id"], b["config"]["id"], a["project_id"]


def test_experiment_create_list_and_generate(hl, project_name):
    A, B, pid = _two_configs(hl, project_name)
    e = hl.experiments.create(project_id=pid, name="tone test", positive_labels=GOOD, config_ids=[A, B])
    assert e.status == 200
    exp = e.body
    assert_id(exp["id"], "exp_")
    eid = exp["id"]
    assert exp["project_id"] == pid
    assert exp["name"] == "tone test"
    assert exp["status"] == "Initialized"
    assert exp["positive_labels"] == GOOD
    assert exp["metric"]["id"] == "metric_positive_rate"
    assert {c["id"] for c in exp["configs"]} == {A, B}
    for c in exp["configs"]:
        assert c["active"] is True
        assert c["trials_count"] == 0
        assert c["config"]["id"] == c["id"]

    listed = hl.experiments.list(project_id=pid)
    assert listed.status == 200
    assert [x["id"] for x in listed.body] == [eid]

    used = []
    for n in range(6):
        r = hl.complete_experiment(experiment_id=eid, inputs={"x": str(n)})
        assert r.status == 200
        assert r.body["project_id"] == pid
        d = r.body["data"][0]
        assert d["model_config_id"] in (A, B)
        assert d["output"] == ("A " if d["model_config_id"] == A else "B ") + str(n)
        used.append(d["model_config_id"])
    r = hl.chat_experiment(experiment_id=eid, inputs={"x": "c"}, messages=[{"role": "user", "content": "chat words"}])
    d = r.body["data"][0]
    assert r.body["project_id"] == pid
    assert d["model_config_id"] in (A, B)
    assert d["output"] == "chat words"
    used.append(d["model_config_id"])

    exp = experiment(hl, pid, eid)
    assert exp["status"] == "In progress"
    counts = {cid: c["trials_count"] for cid, c in by_config(exp).items()}
    assert counts == {A: used.count(A), B: used.count(B)}


def test_feedback_single_and_list_forms_count_successes(hl, project_name):
    A, B, pid = _two_configs(hl, project_name)
    eid = hl.experiments.create(project_id=pid, name="fb", positive_labels=GOOD, config_ids=[A, B]).body["id"]
    logs = []  # (data_id, config_id)
    for n in range(4):
        d = hl.complete_experiment(experiment_id=eid, inputs={"x": str(n)}).body["data"][0]
        logs.append((d["id"], d["model_config_id"]))
    d = hl.chat_experiment(experiment_id=eid, messages=[{"role": "user", "content": "m"}]).body["data"][0]
    logs.append((d["id"], d["model_config_id"]))

    f = hl.feedback(type="rating", value="good", data_id=logs[0][0])
    assert f.status == 200
    assert isinstance(f.body, dict), f.body
    assert_id(f.body["id"], "ann_")
    assert (f.body["type"], f.body["value"], f.body["data_id"]) == ("rating", "good", logs[0][0])

    f = hl.feedback(body=[
        {"type": "rating", "value": "good", "data_id": logs[1][0]},
        {"type": "rating", "value": "bad", "data_id": logs[2][0]},
        {"type": "rating", "value": "good", "data_id": logs[4][0], "user": "u-1"},
    ])
    assert f.status == 200
    assert isinstance(f.body, list) and len(f.body) == 3, f.body
    assert [(x["data_id"], x["value"]) for x in f.body] == [(logs[1][0], "good"), (logs[2][0], "bad"), (logs[4][0], "good")]
    assert f.body[2]["user"] == "u-1"
    assert len({x["id"] for x in f.body}) == 3

    def expect(successful):
        exp = by_config(experiment(hl, pid, eid))
        for cid in (A, B):
            t = sum(1 for _, c in logs if c == cid)
            s = sum(1 for i, (_, c) in enumerate(logs) if c == cid and i in successful)
            mean, spread = beta_mean_spread(s, t)
            assert exp[cid]["trials_count"] == t, (cid, exp[cid])
            assert exp[cid]["mean"] == pytest.approx(mean), (cid, s, t, exp[cid])
            assert exp[cid]["spread"] == pytest.approx(spread), (cid, s, t, exp[cid])

    expect({0, 1, 4})

    # a list with one unknown log: 404 and nothing written
    with pytest.raises(ApiException) as exc:
        hl.feedback(body=[{"type": "rating", "value": "good", "data_id": logs[3][0]},
                          {"type": "rating", "value": "good", "data_id": "data_doesNotExist0000000000"}])
    assert_error_object(exc.value, 404, "not_found_error")
    expect({0, 1, 4})

    # a later non-positive value takes the success back; a positive one on the same log counts once
    hl.feedback(type="rating", value="bad", data_id=logs[0][0])
    hl.feedback(type="rating", value="good", data_id=logs[1][0])
    expect({1, 4})


def test_experiment_sample_gives_trial_id_for_log(hl, project_name):
    A, B, pid = _two_configs(hl, project_name)
    eid = hl.experiments.create(project_id=pid, name="sampled", positive_labels=GOOD, config_ids=[A, B]).body["id"]

    s = hl.experiments.sample(experiment_id=eid)
    assert s.status == 200
    sampled = s.body["config"]["id"]
    assert sampled in (A, B)
    assert s.body["experiment_id"] == eid
    assert s.body["project_id"] == pid
    assert isinstance(s.body["trial_id"], str) and s.body["trial_id"], s.body
    # sampling alone records no trial
    assert all(c["trials_count"] == 0 for c in experiment(hl, pid, eid)["configs"])

    lg = hl.log(project=project_name, trial_id=s.body["trial_id"], inputs={"x": "t"}, output="made elsewhere")
    assert lg.status == 200
    assert_id(lg.body["id"], "data_")
    assert lg.body["project_id"] == pid
    counts = {cid: c["trials_count"] for cid, c in by_config(experiment(hl, pid, eid)).items()}
    assert counts == {sampled: 1, ({A, B} - {sampled}).pop(): 0}

    hl.feedback(type="rating", value="good", data_id=lg.body["id"])
    assert by_config(experiment(hl, pid, eid))[sampled]["mean"] == pytest.approx(2 / 3)

    exported = hl.projects.export(id=pid, size=1).body["records"][0]
    assert exported["id"] == lg.body["id"]
    assert exported["output"] == "made elsewhere"
    assert exported["config"]["id"] == sampled


def test_experiment_update_and_delete(hl, project_name):
    A, B, pid = _two_configs(hl, project_name)
    eid = hl.experiments.create(project_id=pid, name="before", positive_labels=GOOD, config_ids=[A, B]).body["id"]

    u = hl.experiments.update(experiment_id=eid, name="after", config_ids_to_deregister=[B])
    assert u.status == 200
    assert u.body["id"] == eid
    assert u.body["name"] == "after"
    assert {c["id"]: c["active"] for c in u.body["configs"]} == {A: True, B: False}
    assert experiment(hl, pid, eid)["name"] == "after"

    for n in range(10):
        d = hl.complete_experiment(experiment_id=eid, inputs={"x": str(n)}).body["data"][0]
        assert d["model_config_id"] == A
        assert d["output"] == f"A {n}"
    for _ in range(5):
        assert hl.experiments.sample(experiment_id=eid).body["config"]["id"] == A

    u = hl.experiments.update(experiment_id=eid, config_ids_to_register=[B])
    assert {c["id"]: (c["active"], c["trials_count"]) for c in u.body["configs"]} == {A: (True, 10), B: (True, 0)}

    d = hl.experiments.delete(experiment_id=eid)
    assert d.status == 204
    assert hl.experiments.list(project_id=pid).body == []
    for call in (lambda: hl.experiments.sample(experiment_id=eid),
                 lambda: hl.complete_experiment(experiment_id=eid, inputs={"x": "1"}),
                 lambda: hl.experiments.update(experiment_id=eid, name="x"),
                 lambda: hl.experiments.delete(experiment_id=eid)):
        with pytest.raises(ApiException) as exc:
            call()
        assert_error_object(exc.value, 404, "not_found_error")


def test_experiment_converges_on_the_better_config(hl, project_name):
    A, B, pid = _two_configs(hl, project_name)
    eid = hl.experiments.create(project_id=pid, name="converge", positive_labels=GOOD, config_ids=[A, B]).body["id"]
    picks, trials, successes = [], {A: 0, B: 0}, {A: 0, B: 0}
    for n in range(100):
        d = hl.complete_experiment(experiment_id=eid, inputs={"x": str(n)}).body["data"][0]
        cid = d["model_config_id"]
        assert cid in (A, B)
        picks.append(cid)
        # A is good in 9 rounds of 10, B in 1 of 10 (by round number, not random)
        good = (n % 10 != 0) if cid == A else (n % 10 == 0)
        hl.feedback(type="rating", value="good" if good else "bad", data_id=d["id"])
        trials[cid] += 1
        successes[cid] += good
    last = picks[-50:].count(A)
    assert last >= 35, f"A picked {last} of the last 50 rounds; picks: {picks}"

    exp = by_config(experiment(hl, pid, eid))
    for cid in (A, B):
        mean, spread = beta_mean_spread(successes[cid], trials[cid])
        assert exp[cid]["trials_count"] == trials[cid]
        assert exp[cid]["mean"] == pytest.approx(mean)
        assert exp[cid]["spread"] == pytest.approx(spread)


def test_experiment_as_deployment_and_register_into_experiment(hl, project_name):
    A, B, pid = _two_configs(hl, project_name)
    eid = hl.experiments.create(project_id=pid, name="live", positive_labels=GOOD, config_ids=[A, B],
                                set_active=True).body["id"]
    p = hl.projects.get(id=pid).body
    assert p["active_experiment"]["id"] == eid
    assert p["active_config"] is None
    prod = [r for r in hl.projects.list_deployed_configs(id=pid).body if r["environment_name"] == "production"][0]
    assert prod["experiment_id"] == eid
    assert prod["model_config_id"] is None

    d = hl.complete_deployed(project=project_name, inputs={"x": "d"}).body["data"][0]
    assert d["model_config_id"] in (A, B)
    assert d["output"] == ("A d" if d["model_config_id"] == A else "B d")
    ac = hl.projects.get_active_config(id=pid).body
    assert ac["config"]["id"] in (A, B)
    assert isinstance(ac["trial_id"], str) and ac["trial_id"]
    assert sum(c["trials_count"] for c in experiment(hl, pid, eid)["configs"]) == 1

    c = hl.model_configs.register(project=project_name, **MOCK, prompt_template="C {{x}}", experiment="live")
    assert c.body["experiment_id"] == eid
    assert {x["id"] for x in experiment(hl, pid, eid)["configs"]} == {A, B, c.body["config"]["id"]}
    with pytest.raises(ApiException) as exc:
        hl.model_configs.register(project=project_name, **MOCK, prompt_template="D", experiment="no such experiment")
    assert exc.value.status == 404

    r = hl.projects.deactivate_experiment(id=pid)
    assert r.status == 200
    assert r.body["active_experiment"] is None
    with pytest.raises(ApiException) as exc:
        hl.complete_deployed(project=project_name, inputs={"x": "d"})
    assert_error_object(exc.value, 404, "not_found_error")


# ------------------------------------------------------------------------------------------
# 3. sessions


def test_session_create_parent_links_and_log_tree(hl, project_name):
    s = hl.sessions.create()
    assert s.status == 201
    sid = s.body["id"]
    assert_id(sid, "sesh_")

    root = hl.complete(project=project_name, model_config={**MOCK, "prompt_template": "root {{x}}"},
                       inputs={"x": "1"}, session_id=sid)
    assert root.body["session_id"] == sid
    root_id, pid = root.body["data"][0]["id"], root.body["project_id"]
    child = hl.chat(project=project_name, model_config=MOCK, messages=[{"role": "user", "content": "child"}],
                    session_id=sid, parent_id=root_id)
    assert child.body["session_id"] == sid
    child_id = child.body["data"][0]["id"]
    grand = hl.complete(project=project_name, model_config={**MOCK, "prompt_template": "grand"},
                        session_id=sid, parent_id=child_id)
    grand_id = grand.body["data"][0]["id"]
    root2 = hl.complete(project=project_name, model_config={**MOCK, "prompt_template": "second root {{x}}"},
                        inputs={"x": "2"}, session_id=sid)
    root2_id = root2.body["data"][0]["id"]

    g = hl.sessions.get(id=sid)
    assert g.status == 200
    body = g.body
    assert body["id"] == sid
    assert body["datapoints_count"] == 4
    assert [(p["id"], p["name"]) for p in body["projects"]] == [(pid, project_name)]
    assert body["first_inputs"] == {"x": "1"}
    assert body["last_output"] == "second root 2"

    logs = body["logs"]
    assert [l["id"] for l in logs] == [root_id, root2_id]
    assert logs[0]["created_at"] <= logs[1]["created_at"]
    assert logs[0]["output"] == "root 1"
    assert [c["id"] for c in logs[0]["children"]] == [child_id]
    assert logs[1]["children"] == []
    c = logs[0]["children"][0]
    assert c["parent_id"] == root_id
    assert c["output"] == "child"
    assert [gc["id"] for gc in c["children"]] == [grand_id]
    assert c["children"][0]["parent_id"] == child_id
    assert c["children"][0]["children"] == []


def test_session_reference_id_finds_or_creates(hl, project_name):
    ref = f"sess-{uuid.uuid4().hex}"
    a = hl.complete(project=project_name, model_config={**MOCK, "prompt_template": "one"}, session_reference_id=ref)
    sid = a.body["session_id"]
    assert_id(sid, "sesh_")
    b = hl.chat(project=project_name, model_config=MOCK, messages=[{"role": "user", "content": "two"}],
                session_reference_id=ref)
    assert b.body["session_id"] == sid
    c = hl.log(project=project_name, config={**MOCK, "prompt_template": "x"}, output="three",
               session_reference_id=ref, parent_id=a.body["data"][0]["id"])
    assert c.body["session_id"] == sid
    other = hl.complete(project=project_name, model_config={**MOCK, "prompt_template": "four"},
                        session_reference_id=ref + "-other")
    assert_id(other.body["session_id"], "sesh_")
    assert other.body["session_id"] != sid

    g = hl.sessions.get(id=sid).body
    assert g["reference_id"] == ref
    assert g["datapoints_count"] == 3
    assert [l["id"] for l in g["logs"]] == [a.body["data"][0]["id"], b.body["data"][0]["id"]]
    assert [x["id"] for x in g["logs"][0]["children"]] == [c.body["id"]]
    assert hl.sessions.get(id=other.body["session_id"]).body["datapoints_count"] == 1


def test_session_errors(hl, project_name):
    cfg = {**MOCK, "prompt_template": "x"}
    with pytest.raises(ApiException) as exc:
        hl.sessions.get(id="sesh_doesNotExist0000000000")
    assert_error_object(exc.value, 404, "not_found_error")
    with pytest.raises(ApiException) as exc:
        hl.complete(project=project_name, model_config=cfg, session_id="sesh_doesNotExist0000000000")
    assert_error_object(exc.value, 404, "not_found_error")
    with pytest.raises(ApiException) as exc:
        hl.complete(project=project_name, model_config=cfg, parent_id="data_doesNotExist0000000000")
    assert_error_object(exc.value, 404, "not_found_error")
    sid = hl.sessions.create().body["id"]
    with pytest.raises(ApiException) as exc:
        hl.complete(project=project_name, model_config=cfg, session_id=sid, session_reference_id="r-" + sid)
    assert_validation_error(exc.value, "session")


def test_sessions_list_paginates_sessions_of_the_project(hl, project_name):
    cfg = {**MOCK, "prompt_template": "x"}
    mine = []
    for _ in range(3):
        sid = hl.sessions.create().body["id"]
        r = hl.complete(project=project_name, model_config=cfg, session_id=sid)
        mine.append(sid)
    pid = r.body["project_id"]
    hl.sessions.create()  # no logs: not listed
    elsewhere = hl.sessions.create().body["id"]
    hl.complete(project=project_name + "-elsewhere", model_config=cfg, session_id=elsewhere)

    page = hl.sessions.list(project_id=pid, page=1, size=10)
    assert page.status == 200
    assert (page.body["page"], page.body["size"], page.body["total"]) == (1, 10, 3)
    assert sorted(s["id"] for s in page.body["records"]) == sorted(mine)
    for s in page.body["records"]:
        assert s["datapoints_count"] == 1
        assert [p["id"] for p in s["projects"]] == [pid]

    first = hl.sessions.list(project_id=pid, page=1, size=2).body
    second = hl.sessions.list(project_id=pid, page=2, size=2).body
    assert (first["total"], second["total"]) == (3, 3)
    assert len(first["records"]) == 2 and len(second["records"]) == 1
    assert sorted(s["id"] for s in first["records"] + second["records"]) == sorted(mine)
    past = hl.sessions.list(project_id=pid, page=5, size=2).body
    assert (past["records"], past["page"], past["size"], past["total"]) == ([], 5, 2, 3)


# ------------------------------------------------------------------------------------------
# 4. logs


def test_log_then_generation_with_parent_reference_id(hl, project_name):
    ref = f"log-{uuid.uuid4().hex}"
    lg = hl.log(project=project_name, config={**MOCK, "prompt_template": "Q {{q}}"}, inputs={"q": "why"},
                output="because", reference_id=ref, metadata={"k": "v"}, source="compat")
    assert lg.status == 200
    lid, pid = lg.body["id"], lg.body["project_id"]
    assert_id(lid, "data_")
    assert_id(pid, "pr_")
    assert lg.body.get("session_id") is None

    c = hl.complete(project=project_name, model_config={**MOCK, "prompt_template": "child {{q}}"},
                    inputs={"q": "x"}, parent_reference_id=ref)
    assert c.body["project_id"] == pid
    cid = c.body["data"][0]["id"]

    ex = hl.projects.export(id=pid)
    assert ex.status == 200
    assert (ex.body["page"], ex.body["size"], ex.body["total"]) == (0, 10, 2)
    newest, oldest = ex.body["records"]
    assert newest["id"] == cid
    assert newest["parent_id"] == lid
    assert newest["output"] == "child x"
    assert oldest["id"] == lid
    assert oldest["output"] == "because"
    assert oldest["inputs"] == {"q": "why"}
    assert oldest["reference_id"] == ref
    assert oldest["metadata"] == {"k": "v"}
    assert oldest["source"] == "compat"
    assert oldest["config"]["prompt_template"] == "Q {{q}}"
    assert oldest["project_id"] == pid
    assert hl.projects.get(id=pid).body["data_count"] == 2

    # a log can be a parent of a log too
    kid = hl.log(project=project_name, config={**MOCK, "prompt_template": "k"}, output="kid", parent_reference_id=ref)
    assert hl.projects.export(id=pid, size=1).body["records"][0]["parent_id"] == lid
    assert hl.projects.export(id=pid, size=1).body["records"][0]["id"] == kid.body["id"]


def test_log_update_and_update_by_ref(hl, project_name):
    ref = f"upd-{uuid.uuid4().hex}"
    lg = hl.log(project=project_name, config={**MOCK, "prompt_template": "p"}, output="first", reference_id=ref)
    lid, pid = lg.body["id"], lg.body["project_id"]

    u = hl.logs.update(id=lid, output="second")
    assert u.status == 200
    assert u.body["id"] == lid
    assert u.body["output"] == "second"
    assert u.body["reference_id"] == ref

    u = hl.logs.update_by_ref(reference_id=ref, error="boom", duration=1.5)
    assert u.status == 200
    assert u.body["id"] == lid
    assert u.body["error"] == "boom"
    assert u.body["duration"] == pytest.approx(1.5)
    assert u.body["output"] == "second"  # partial update keeps what was not sent

    rec = hl.projects.export(id=pid).body["records"]
    assert [(r["id"], r["output"], r["error"]) for r in rec] == [(lid, "second", "boom")]
    assert rec[0]["duration"] == pytest.approx(1.5)

    with pytest.raises(ApiException) as exc:
        hl.logs.update(id="data_doesNotExist0000000000", output="x")
    assert_error_object(exc.value, 404, "not_found_error")
    with pytest.raises(ApiException) as exc:
        hl.logs.update_by_ref(reference_id=ref + "-unknown", output="x")
    assert_error_object(exc.value, 404, "not_found_error")


def test_used_reference_id_is_409_and_unknown_parent_reference_is_404(hl, project_name):
    cfg = {**MOCK, "prompt_template": "p"}
    ref = f"dup-{uuid.uuid4().hex}"
    pid = hl.log(project=project_name, config=cfg, output="one", reference_id=ref).body["project_id"]

    with pytest.raises(ApiException) as exc:
        hl.log(project=project_name, config=cfg, output="two", reference_id=ref)
    assert_error_object(exc.value, 409, "conflict_error")

    # list form: one used reference → 409 and nothing of the batch is written
    with pytest.raises(ApiException) as exc:
        hl.log(body=[{"project": project_name, "config": cfg, "output": "three", "reference_id": ref + "-new"},
                     {"project": project_name, "config": cfg, "output": "four", "reference_id": ref}])
    assert_error_object(exc.value, 409, "conflict_error")
    ex = hl.projects.export(id=pid).body
    assert ex["total"] == 1
    assert [r["output"] for r in ex["records"]] == ["one"]

    # the list form works and answers a list
    ok = hl.log(body=[{"project": project_name, "config": cfg, "output": "five", "reference_id": ref + "-a"},
                      {"project": project_name, "config": cfg, "output": "six"}])
    assert isinstance(ok.body, list) and len(ok.body) == 2
    assert all(x["project_id"] == pid for x in ok.body)

    with pytest.raises(ApiException) as exc:
        hl.complete(project=project_name, model_config=cfg, parent_reference_id=ref + "-unknown")
    assert_error_object(exc.value, 404, "not_found_error")
    assert hl.projects.get(id=pid).body["data_count"] == 3


def test_export_pages_newest_first(hl, project_name):
    cfg = {**MOCK, "prompt_template": "p"}
    ids = [hl.log(project=project_name, config=cfg, output=f"log {i}").body["id"] for i in range(5)]
    pid = hl.projects.list(filter=project_name).body["records"][0]["id"]

    pages = [hl.projects.export(id=pid, page=p, size=2).body for p in range(4)]
    assert [[r["output"] for r in p["records"]] for p in pages] == [["log 4", "log 3"], ["log 2", "log 1"], ["log 0"], []]
    assert [r["id"] for p in pages for r in p["records"]] == list(reversed(ids))
    assert [(p["page"], p["size"], p["total"]) for p in pages] == [(0, 2, 5), (1, 2, 5), (2, 2, 5), (3, 2, 5)]


# ------------------------------------------------------------------------------------------
# 5. projects


def test_project_create_and_duplicate_name(hl, project_name):
    c = hl.projects.create(name=project_name)
    assert c.status == 201
    p = c.body
    assert_id(p["id"], "pr_")
    assert p["name"] == project_name
    assert p["data_count"] == 0
    assert p["active_config"] is None
    assert p["users"] == []
    rating = [f for f in p["feedback_types"] if f["type"] == "rating"]
    assert len(rating) == 1
    assert {v["value"] for v in rating[0]["values"]} >= {"good", "bad"}

    with pytest.raises(ApiException) as exc:
        hl.projects.create(name=project_name)
    assert_error_object(exc.value, 409, "conflict_error")
    assert hl.projects.list(filter=project_name).body["total"] == 1

    # a generation by that name joins the created project
    r = hl.complete(project=project_name, model_config={**MOCK, "prompt_template": "x"})
    assert r.body["project_id"] == p["id"]


def test_project_update_get_and_list(hl, project_name):
    first = hl.projects.create(name=project_name).body
    second = hl.projects.create(name=project_name + "-b").body
    pid = first["id"]

    u = hl.projects.update(id=pid, name=project_name + "-a")
    assert u.status == 200
    assert u.body["id"] == pid
    assert u.body["name"] == project_name + "-a"
    assert u.body["created_at"] == first["created_at"]

    g = hl.projects.get(id=pid)
    assert g.status == 200
    assert g.body["name"] == project_name + "-a"

    with pytest.raises(ApiException) as exc:
        hl.projects.update(id=pid, name=project_name + "-b")
    assert_error_object(exc.value, 409, "conflict_error")

    with pytest.raises(ApiException) as exc:
        hl.projects.get(id="pr_doesNotExist0000000000")
    assert_error_object(exc.value, 404, "not_found_error")

    lst = hl.projects.list(filter=project_name.upper())
    assert lst.status == 200
    assert (lst.body["page"], lst.body["size"], lst.body["total"]) == (0, 10, 2)
    assert {r["id"] for r in lst.body["records"]} == {pid, second["id"]}
    asc = hl.projects.list(filter=project_name, sort_by="name", order="asc").body
    assert [r["name"] for r in asc["records"]] == [project_name + "-a", project_name + "-b"]
    p1 = hl.projects.list(filter=project_name, sort_by="name", order="asc", page=1, size=1).body
    assert (p1["page"], p1["size"], p1["total"]) == (1, 1, 2)
    assert [r["name"] for r in p1["records"]] == [project_name + "-b"]

    # generation by the new name finds it; the old name is free again
    r = hl.complete(project=project_name + "-a", model_config={**MOCK, "prompt_template": "x"})
    assert r.body["project_id"] == pid
    r = hl.complete(project=project_name, model_config={**MOCK, "prompt_template": "x"})
    assert r.body["project_id"] not in (pid, second["id"])


def test_create_feedback_type(hl, project_name):
    pid = hl.projects.create(name=project_name).body["id"]
    values = [{"value": "warm", "sentiment": "positive"}, {"value": "cold", "sentiment": "negative"}]
    ft = hl.projects.create_feedback_type(id=pid, type="tone", values=values, _class="select")
    assert ft.status == 201
    assert ft.body["type"] == "tone"
    assert [(v["value"], v["sentiment"]) for v in ft.body["values"]] == [("warm", "positive"), ("cold", "negative")]

    types = {f["type"]: f for f in hl.projects.get(id=pid).body["feedback_types"]}
    assert {"rating", "tone"} <= set(types)
    assert [(v["value"], v["sentiment"]) for v in types["tone"]["values"]] == [("warm", "positive"), ("cold", "negative")]

    # feedback of the new type is accepted and counted per config
    r = hl.complete(project_id=pid, model_config={**MOCK, "prompt_template": "x"})
    f = hl.feedback(type="tone", value="warm", data_id=r.body["data"][0]["id"])
    assert (f.body["type"], f.body["value"]) == ("tone", "warm")
    stats = hl.projects.list_configs(id=pid).body[0]["feedback_stats"]
    assert [(s["feedback_type"], s["feedback_value"], s["feedback_count"]) for s in stats] == [("tone", "warm", 1)]


def test_text_feedback_type_reads_back_as_created(hl, project_name):
    pid = hl.projects.create(name=project_name).body["id"]
    ft = hl.projects.create_feedback_type(id=pid, type="note", _class="text")
    assert ft.status == 201
    assert ft.body["type"] == "note"
    types = {f["type"]: f for f in hl.projects.get(id=pid).body["feedback_types"]}
    # a free-text type has no label list, like the built-in `correction` and `comment`; what the create
    # call answered is what the project shows afterwards
    assert types["correction"]["values"] is None
    assert types["note"]["values"] == ft.body["values"], (ft.body, types["note"])


def test_list_configs_counts_datapoints_and_feedback(hl, project_name):
    cfg_a = {**MOCK, "prompt_template": "A {{x}}"}
    a1 = hl.complete(project=project_name, model_config=cfg_a, inputs={"x": "1"}).body
    pid = a1["project_id"]
    a2 = hl.complete(project=project_name, model_config=cfg_a, inputs={"x": "2"}).body
    A = a1["data"][0]["model_config_id"]
    a3 = hl.log(project=project_name, config=cfg_a, inputs={"x": "3"}, output="A 3").body
    c = hl.chat(project=project_name, model_config=MOCK, messages=[{"role": "user", "content": "hi"}]).body
    C = c["data"][0]["model_config_id"]
    assert C != A

    hl.feedback(type="rating", value="good", data_id=a1["data"][0]["id"])
    hl.feedback(body=[{"type": "rating", "value": "good", "data_id": a2["data"][0]["id"]},
                      {"type": "rating", "value": "bad", "data_id": a3["id"]},
                      {"type": "comment", "value": "nice", "data_id": a3["id"]}])

    lc = hl.projects.list_configs(id=pid)
    assert lc.status == 200
    rows = {r["config"]["id"]: r for r in lc.body}
    assert set(rows) == {A, C}
    for r in lc.body:
        assert r["project_id"] == pid
        assert r["project_name"] == project_name
    assert rows[A]["num_datapoints"] == 3
    assert rows[C]["num_datapoints"] == 1
    stats = {(s["feedback_type"], s["feedback_value"]): s["feedback_count"] for s in rows[A]["feedback_stats"]}
    assert stats == {("rating", "good"): 2, ("rating", "bad"): 1, ("comment", "nice"): 1}
    assert rows[C]["feedback_stats"] == []
    assert hl.projects.get(id=pid).body["data_count"] == 4
