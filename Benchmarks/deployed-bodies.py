"""Bodies for /v4/chat-deployed from the harness's /v4/chat bodies.

    python3 Benchmarks/deployed-bodies.py BODY STREAM_BODY WORK

Writes WORK/config.json (BODY's model_config with its project: store it, and as the project's first
config it is deployed to the default environment), and WORK/deployed.json and WORK/deployed-stream.json
(the two bodies without their model_config). Used by run.sh (ROUTE=deployed) and pair.sh.
"""
import json
import sys

body, stream_body, work = sys.argv[1:]
request = json.load(open(body))
json.dump(dict(request["model_config"], project=request["project"]), open(f"{work}/config.json", "w"))
for source, target in ((body, "deployed.json"), (stream_body, "deployed-stream.json")):
    request = json.load(open(source))
    request.pop("model_config")
    json.dump(request, open(f"{work}/{target}", "w"))
