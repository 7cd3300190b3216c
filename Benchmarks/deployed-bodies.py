"""Bodies for /v4/chat-deployed from the harness's /v4/chat bodies.

    python3 Benchmarks/deployed-bodies.py BODY STREAM_BODY WORK

Writes WORK/config.json (BODY's model_config with its project: store it, and as the project's first
config it is deployed to the default environment), WORK/deployed.json and WORK/deployed-stream.json
(the two bodies without their model_config), and WORK/v5-call.json (the same call through v5's
prompts.call: the project is the prompt's path, its deployed config the version called). Used by run.sh
(ROUTE=deployed) and pair.sh.
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
request = json.load(open(body))
v5 = {"path": request["project"], "messages": request["messages"], "user": request.get("user"),
      "provider_api_keys": request.get("provider_api_keys")}
json.dump({key: value for key, value in v5.items() if value is not None}, open(f"{work}/v5-call.json", "w"))
