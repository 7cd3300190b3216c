"""Humanloop export trees for `loopgate import`, built from the documented record shapes (never from real
customer data): the layout humanloop/humanloop-export wrote (`files/<file_id>/file.json`, `versions/<id>`
without an extension, `deployments.json`, `logs/N.jsonl` with 1001 records in the first chunk and 1000 in
the others, `evaluations/<evr>/…`, `datapoints/<dsv>/N.jsonl`, `.done`), with the v5 API's records
(../shared/humanloop-export.md, section 3).

    python export_tree.py OUT_DIR [--logs N]     # a sample export; N extra Prompt logs for a benchmark

`build(root)` writes the sample the import tests check and answers what it holds (`Sample`).
"""

import argparse
import json
import os
from dataclasses import dataclass, field

STAMP = "2025-06-20T10:00:00.000000Z"


def at(minute: int) -> str:
    return f"2025-06-{1 + minute // 1440:02d}T{minute // 60 % 24:02d}:{minute % 60:02d}:00.000000Z"


def env(eid: str, name: str, tag: str = "other") -> dict:
    return {"id": eid, "name": name, "tag": tag, "created_at": STAMP}


PRODUCTION = env("env_ProdExported0001", "production", "default")
STAGING = env("env_StagingExported01", "staging")
CANARY = env("env_CanaryExported001", "canary")


def base(fid: str, ftype: str, path: str, directory_id, version_id: str, minute: int, **extra) -> dict:
    record = {
        "id": fid, "type": ftype, "path": path, "name": path.rsplit("/", 1)[-1], "directory_id": directory_id,
        "version_id": version_id, "version_name": None, "version_description": None, "description": None,
        "readme": None, "tags": [], "attributes": None, "environments": [], "created_at": at(minute),
        "updated_at": at(minute), "last_used_at": at(minute), "created_by": {"id": "usr_1", "email_address": "a@b.c"},
        "schema": None, "version_logs_count": 0, "total_logs_count": 0, "inputs": [], "evaluators": None,
        "evaluator_aggregates": None, "an_unknown_field_from_a_later_api": {"x": 1},
    }
    record.update(extra)
    return record


@dataclass
class Sample:
    """What `build` wrote, for the tests to check through the API."""
    root: str
    prompt_id: str = "pr_SupportHelper00001"
    prompt_path: str = "Support/Bots/helper"
    directory_id: str = "dir_BotsExported00001"
    versions: list = field(default_factory=lambda: ["prv_HelperV1000000001", "prv_HelperV2000000002", "prv_HelperV3000000003"])
    completion_id: str = "pr_WriterCompletion01"
    completion_version: str = "prv_WriterV100000001"
    tool_id: str = "tl_LookupTool00000001"
    tool_version: str = "tlv_LookupV100000001"
    flow_id: str = "fl_PipelineFlow000001"
    flow_version: str = "flv_PipelineV10000001"
    rating_id: str = "ev_RatingHuman000001"
    rating_version: str = "evv_RatingV100000001"
    exact_id: str = "ev_ExactPython000001"
    exact_version: str = "evv_ExactV1000000001"
    dataset_id: str = "ds_SupportCases00001"
    dataset_versions: list = field(default_factory=lambda: ["dsv_CasesV10000000001", "dsv_CasesV20000000002"])
    agent_id: str = "ag_HelperAgent000001"
    evaluation_id: str = "evr_SupportEval000001"
    run_id: str = "run_SupportRun0000001"
    prompt_logs: list = field(default_factory=list)
    judged_log: str = ""
    judgment_log: str = ""
    flow_log: str = ""
    trace_children: list = field(default_factory=list)
    run_logs: list = field(default_factory=list)
    malformed_at: str = ""
    unreadable_versions: list = field(default_factory=list)
    datapoints: dict = field(default_factory=dict)


def write_json(path: str, value) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(json.dumps(value))


def write_jsonl(directory: str, records, first_chunk: int = 1001, chunk: int = 1000, extra_lines=None) -> None:
    """Records in chunks as the export tool wrote them (1001 in 1.jsonl, then 1000 per file); `extra_lines`
    maps a chunk number to raw lines appended to it (a malformed line, say)."""
    os.makedirs(directory, exist_ok=True)
    number, count, out = 1, 0, None
    limit = first_chunk
    for record in records:
        if out is None:
            out = open(os.path.join(directory, f"{number}.jsonl"), "w")
        out.write(json.dumps(record) + "\n")
        count += 1
        if count == limit:
            for line in (extra_lines or {}).get(number, []):
                out.write(line + "\n")
            out.close()
            out, number, count, limit = None, number + 1, 0, chunk
    if out is not None:
        for line in (extra_lines or {}).get(number, []):
            out.write(line + "\n")
        out.close()


def prompt_version(sample: Sample, index: int) -> dict:
    vid = sample.versions[index]
    record = base(sample.prompt_id, "prompt", sample.prompt_path, sample.directory_id, vid, index * 10,
                  model="mock-1", endpoint="chat", provider="mock",
                  template=[{"role": "system", "content": f"You help {{{{name}}}} (v{index + 1})."},
                            {"role": "user", "content": "{{question}}"}],
                  template_language="default", max_tokens=64 + index, temperature=0.1 * (index + 1), top_p=0.9,
                  stop=["\n\n"], presence_penalty=0.0, frequency_penalty=0.1, seed=7, other={"b": 2, "a": 1},
                  response_format=None, reasoning_effort=None,
                  tools=[{"name": "lookup", "description": "Find an order", "strict": False,
                          "parameters": {"type": "object", "properties": {"id": {"type": "string"}}}}],
                  linked_tools=[], raw_file_content=None,
                  inputs=[{"name": "name"}, {"name": "question"}])
    if index == 2:
        # The API's names before April 2025: commit_message and status instead of version_name.
        record.pop("version_name")
        record.pop("version_description")
        record.update(commit_message="third, from an old export", committed_by=None, committed_at=at(25),
                      status="committed")
    else:
        record["version_name"] = f"v{index + 1}"
        record["version_description"] = f"version {index + 1}"
    return record


def prompt_log(sample: Sample, lid: str, version: dict, minute: int, **extra) -> dict:
    log = {
        "id": lid, "start_time": at(minute), "end_time": at(minute + 1), "created_at": at(minute),
        "output": f"answer {lid}", "error": None, "provider_latency": 0.25, "stdout": None,
        "provider_request": {"model": "mock-1"}, "provider_response": {"id": "cmpl"},
        "inputs": {"name": "Ada", "question": f"where is order {lid}?"}, "metadata": {"ticket": lid},
        "source": "sdk", "source_datapoint_id": None, "trace_parent_id": None, "trace_id": None,
        "trace_flow_id": None, "trace_children": [], "batches": None, "user": "ada@example.com",
        "environment": "production", "save": True, "evaluator_logs": [],
        "output_message": {"role": "assistant", "content": f"answer {lid}"},
        "prompt_tokens": 12, "reasoning_tokens": 0, "output_tokens": 5, "prompt_cost": 0.0001,
        "output_cost": 0.0002, "finish_reason": "stop",
        "messages": [{"role": "system", "content": "You help Ada."}, {"role": "user", "content": "where?"}],
        "tool_choice": None, "prompt": version,
    }
    log.update(extra)
    return log


def evaluator_version(fid: str, vid: str, path: str, spec: dict, minute: int) -> dict:
    return base(fid, "evaluator", path, "dir_EvalsExported0001", vid, minute, spec=spec, version_name="v1")


def build(root: str, extra_logs: int = 0) -> Sample:
    sample = Sample(root=root)
    files = os.path.join(root, "files")

    def done(fid: str) -> None:
        with open(os.path.join(files, fid, ".done"), "w") as f:
            f.write("Export completed successfully.\n")

    # A chat Prompt in nested folders, three versions, deployed to production (v2) and staging (v3).
    versions = [prompt_version(sample, i) for i in range(3)]
    versions[1]["environments"] = [PRODUCTION]
    versions[2]["environments"] = [STAGING]
    directory = os.path.join(files, sample.prompt_id)
    write_json(os.path.join(directory, "file.json"), versions[1])
    for v in versions:
        write_json(os.path.join(directory, "versions", v["version_id"]), v)
    # Two versions that cannot be read: a file that is not JSON, and a Prompt version without its model.
    with open(os.path.join(directory, "versions", "prv_BrokenFile00000001"), "w") as f:
        f.write('{"id": "pr_SupportHelper00001", "version_id": ')
    write_json(os.path.join(directory, "versions", "prv_NoModel0000000001"),
               {k: v for k, v in versions[0].items() if k != "model"} | {"version_id": "prv_NoModel0000000001"})
    sample.unreadable_versions = [os.path.join(directory, "versions", name)
                                  for name in ("prv_BrokenFile00000001", "prv_NoModel0000000001")]
    write_json(os.path.join(directory, "deployments.json"), [
        {"version_id": versions[1]["version_id"], "environment_id": PRODUCTION["id"], "environment_name": "production",
         "environment_tag": "default"},
        {"version_id": versions[2]["version_id"], "environment_id": STAGING["id"], "environment_name": "staging",
         "environment_tag": "other"},
    ])

    # Evaluators: a human one (its judgments become v4 feedback) and a Python one.
    rating_spec = {"evaluator_type": "human", "arguments_type": "target_free", "return_type": "select",
                   "instructions": "Rate it", "options": [{"name": "good", "valence": "positive"},
                                                         {"name": "bad", "valence": "negative"}]}
    rating = evaluator_version(sample.rating_id, sample.rating_version, "Support/evals/rating", rating_spec, 5)
    exact = evaluator_version(sample.exact_id, sample.exact_version, "Support/evals/exact",
                              {"evaluator_type": "python", "arguments_type": "target_required",
                               "return_type": "boolean", "code": "def evaluate(log, testcase):\n    return True\n"}, 6)

    # Logs: some judged (the judgment nested under the log and again in the evaluator's own logs/), one line
    # twice, a malformed line in the second chunk, and the chunking of the export tool.
    logs = []
    judgments = []
    for i in range(1205 + extra_logs):
        lid = f"log_P{i:019d}"
        log = prompt_log(sample, lid, versions[i % 2], 100 + i % 5000)
        if i % 100 == 7:
            jid = f"log_J{i:019d}"
            judgment = {
                "id": jid, "start_time": at(200), "end_time": at(200), "created_at": at(200), "output": None,
                "error": None, "inputs": None, "metadata": None, "source": "app", "user": "rater@example.com",
                "parent_id": lid, "judgment": "good" if i % 200 == 7 else "bad", "marked_completed": True,
                "evaluator": rating, "trace_children": [], "evaluator_logs": [],
            }
            log["evaluator_logs"] = [judgment]
            judgments.append(judgment)
        logs.append(log)
    sample.prompt_logs = [log["id"] for log in logs]
    sample.judged_log = judgments[0]["parent_id"]
    sample.judgment_log = judgments[0]["id"]
    logs.append(logs[3])  # the same log twice
    # The malformed line ends the second chunk.
    sample.malformed_at = os.path.join(directory, "logs", "2.jsonl") + f":{len(logs) - 1001 + 1}"
    write_jsonl(os.path.join(directory, "logs"), logs, extra_lines={2: ['{"id": "log_broken", "output": ']})
    done(sample.prompt_id)

    # A completion Prompt at the top level, never deployed, no logs (an empty logs/ as the tool left it).
    completion = base(sample.completion_id, "prompt", "Writer", None, sample.completion_version, 3, model="mock-1",
                      endpoint="complete", provider="mock", template="Write about {{topic}}:", temperature=0.7,
                      max_tokens=100, version_name="first")
    cdir = os.path.join(files, sample.completion_id)
    write_json(os.path.join(cdir, "file.json"), completion)
    write_json(os.path.join(cdir, "versions", sample.completion_version), completion)
    write_json(os.path.join(cdir, "deployments.json"), [])
    os.makedirs(os.path.join(cdir, "logs"), exist_ok=True)
    done(sample.completion_id)

    # A Tool, a Flow with a trace (a Prompt log and a Tool log as its children), the evaluators.
    tool = base(sample.tool_id, "tool", "Support/tools/lookup", "dir_ToolsExported0001", sample.tool_version, 4,
                function={"name": "lookup", "description": "Find an order",
                          "parameters": {"type": "object", "properties": {"id": {"type": "string"}}}},
                source_code=None, setup_values=None, tool_type=None, signature=None, version_name="v1",
                environments=[CANARY])
    tdir = os.path.join(files, sample.tool_id)
    write_json(os.path.join(tdir, "file.json"), tool)
    write_json(os.path.join(tdir, "versions", sample.tool_version), tool)
    write_json(os.path.join(tdir, "deployments.json"), [
        {"version_id": sample.tool_version, "environment_id": CANARY["id"], "environment_name": "canary",
         "environment_tag": "other"}])

    flow = base(sample.flow_id, "flow", "Support/pipeline", None, sample.flow_version, 4,
                attributes={"steps": ["lookup", "answer"]}, version_name="v1")
    fdir = os.path.join(files, sample.flow_id)
    write_json(os.path.join(fdir, "file.json"), flow)
    write_json(os.path.join(fdir, "versions", sample.flow_version), flow)
    sample.flow_log = "log_FlowTrace000000001"
    child_prompt = prompt_log(sample, "log_TraceChildPrompt01", versions[0], 300,
                              trace_parent_id=sample.flow_log, trace_id=sample.flow_log)
    child_tool = {
        "id": "log_TraceChildTool001", "start_time": at(301), "end_time": at(301), "created_at": at(301),
        "output": "{\"status\": \"shipped\"}", "inputs": {"id": "42"}, "trace_parent_id": sample.flow_log,
        "trace_id": sample.flow_log, "trace_children": [], "evaluator_logs": [], "tool": tool,
    }
    sample.trace_children = [child_prompt["id"], child_tool["id"]]
    flow_log = {
        "id": sample.flow_log, "start_time": at(299), "end_time": at(305), "created_at": at(299),
        "inputs": {"question": "where is 42?"}, "output": "shipped", "log_status": "complete",
        "trace_children": [child_prompt, child_tool], "evaluator_logs": [], "flow": flow,
    }
    write_jsonl(os.path.join(fdir, "logs"), [flow_log])
    write_jsonl(os.path.join(tdir, "logs"), [child_tool])  # the child again, top level in its own file
    done(sample.tool_id)
    done(sample.flow_id)

    for record in (rating, exact):
        edir = os.path.join(files, record["id"])
        write_json(os.path.join(edir, "file.json"), record)
        write_json(os.path.join(edir, "versions", record["version_id"]), record)
        done(record["id"])
    write_jsonl(os.path.join(files, sample.rating_id, "logs"), judgments)

    # A dataset with two versions sharing two datapoints.
    points = [
        {"id": "dp_CaseOne00000000001", "inputs": {"question": "where is 1?"}, "messages": None,
         "target": {"answer": "shipped"}},
        {"id": "dp_CaseTwo00000000002", "inputs": {"question": "where is 2?"},
         "messages": [{"role": "user", "content": "hi"}], "target": None},
        {"id": "dp_CaseThree000000003", "inputs": {"question": "where is 3?"}, "messages": None,
         "target": {"answer": "lost"}},
    ]
    sample.datapoints = {sample.dataset_versions[0]: [p["id"] for p in points[:2]],
                         sample.dataset_versions[1]: [p["id"] for p in points]}
    ddir = os.path.join(files, sample.dataset_id)
    for index, dsv in enumerate(sample.dataset_versions):
        record = base(sample.dataset_id, "dataset", "Support/cases", None, dsv, 7 + index,
                      datapoints_count=len(sample.datapoints[dsv]), datapoints=None, version_name=f"v{index + 1}")
        for key in ("version_logs_count", "total_logs_count", "inputs", "evaluators", "evaluator_aggregates"):
            record.pop(key)
        write_json(os.path.join(ddir, "versions", dsv), record)
        write_jsonl(os.path.join(ddir, "datapoints", dsv), points[:len(sample.datapoints[dsv])])
        if index == 1:
            write_json(os.path.join(ddir, "file.json"), record)
    done(sample.dataset_id)

    # An Agent: no counterpart in Loopgate.
    agent = base(sample.agent_id, "agent", "Support/agent", None, "agv_HelperV10000000001", 8, model="mock-1",
                 provider="mock", template=[], max_iterations=3)
    write_json(os.path.join(files, sample.agent_id, "file.json"), agent)

    # An evaluation of the chat Prompt: one run over the dataset's second version, its logs with judgments.
    edir = os.path.join(directory, "evaluations", sample.evaluation_id)
    write_json(os.path.join(edir, "evaluation.json"), {
        "id": sample.evaluation_id, "name": "Support regression", "file_id": sample.prompt_id, "runs_count": 1,
        "evaluators": [{"version": exact, "orchestrated": False, "added_at": at(400)}],
        "created_at": at(400), "created_by": None, "updated_at": at(400), "url": "https://app.humanloop.com/x",
    })
    write_json(os.path.join(edir, "stats.json"), {
        "status": "completed", "progress": "3/3", "report": "",
        "run_stats": [{"run_id": sample.run_id, "version_id": versions[1]["version_id"], "batch_id": None,
                       "num_logs": 3, "evaluator_stats": [], "status": "completed"}],
    })
    dataset_record = json.load(open(os.path.join(ddir, "versions", sample.dataset_versions[1])))
    write_json(os.path.join(edir, "runs", sample.run_id), {
        "id": sample.run_id, "dataset": dataset_record, "version": versions[1], "orchestrated": False,
        "control": False, "added_at": at(401), "created_at": at(401), "created_by": None, "status": "completed",
    })
    run_lines = []
    for index, point in enumerate(points):
        lid = f"log_RunLog{index:012d}"
        run_lines.append({
            "run_id": sample.run_id, "datapoint": point,
            "log": prompt_log(sample, lid, versions[1], 402 + index, source_datapoint_id=point["id"]),
            "evaluator_logs": [{
                "id": f"log_RunJudgment{index:07d}", "created_at": at(403), "parent_id": lid, "judgment": True,
                "evaluator": exact, "trace_children": [], "evaluator_logs": [],
            }],
        })
        sample.run_logs.append(lid)
    write_jsonl(os.path.join(edir, "logs"), run_lines)
    return sample


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--logs", type=int, default=0, help="extra Prompt logs (for a benchmark)")
    arguments = parser.parse_args()
    build(arguments.out, arguments.logs)
    print(arguments.out)
