"""Bodies for /v1/chat/completions from the harness's /v4/chat bodies: the same work through OpenAI's API.

    python3 Benchmarks/openai-bodies.py BODY STREAM_BODY WORK

Writes WORK/openai.json and WORK/openai-stream.json: model `openai/MODEL`, the config's chat template as
the first messages, its sampling settings as the request's. The provider key is the server's own
(LOOPGATE_OPENAI_API_KEY, which run.sh and pair.sh set for the fake upstream), as /v1 calls carry none.
Used by run.sh and pair.sh (ROUTE=openai).
"""
import json
import sys

body, stream_body, work = sys.argv[1:]
for source, target in ((body, "openai.json"), (stream_body, "openai-stream.json")):
    request = json.load(open(source))
    config = request["model_config"]
    openai = {
        "model": f"{config['provider']}/{config['model']}",
        "messages": config.get("chat_template", []) + request["messages"],
        "temperature": config.get("temperature"),
        "max_tokens": config.get("max_tokens"),
        "user": request.get("user"),
        "stream": request.get("stream", False),
    }
    json.dump({key: value for key, value in openai.items() if value is not None}, open(f"{work}/{target}", "w"))
