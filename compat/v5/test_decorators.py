"""The 0.8.38 SDK's decorators against Loopgate: `@flow` makes its log over REST and completes it with an
OpenTelemetry span, `@tool` and `@prompt` (an OpenAI client's call, instrumented) log through spans only;
all of it lands in one trace (CONTRACT-v5.md, "Files": `POST /import/otel/v1/traces`)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from conftest import strict
from humanloop.types import FlowLogResponse, PromptLogResponse, ToolLogResponse


class FakeOpenAI(BaseHTTPRequestHandler):
    """OpenAI's chat completions answer, as the instrumented client expects it."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = json.dumps({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "4"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 1, "total_tokens": 11},
        }).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def openai_url():
    server = HTTPServer(("127.0.0.1", 0), FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()


def test_decorated_code_logs_one_trace(client, raw, path, openai_url):
    from openai import OpenAI

    openai = OpenAI(api_key="not-a-key", base_url=openai_url)

    @client.tool(path=path + "-adder")
    def adder(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    @client.prompt(path=path + "-llm")
    def ask(question: str) -> str:
        answer = openai.chat.completions.create(
            model="gpt-4o-mini", temperature=0.3, max_tokens=20,
            messages=[{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": question}])
        return answer.choices[0].message.content

    @client.flow(path=path + "-flow", attributes={"team": "support"})
    def agent(question: str) -> str:
        return f"{adder(1, 2)} and {ask(question)}"

    assert agent("2+2?") == "3 and 4"
    # The exporter sends each span from a thread of its own, after the call returned: wait for the
    # Flow log's completion and its two children (a bounded wait, not a sleep).
    client._tracer_provider.force_flush()
    flow = client.files.retrieve_by_path(path=path + "-flow")
    logs = list(client.logs.list(file_id=flow.id, include_trace_children=True))
    assert len(logs) == 1 and isinstance(logs[0], FlowLogResponse)
    deadline = time.monotonic() + 20
    while True:
        body = raw.request("GET", f"/v5/logs/{logs[0].id}")[1]
        if body["log_status"] == "complete" and len(body["trace_children"]) == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    root = strict(FlowLogResponse, body)
    assert root.log_status == "complete" and root.output == "3 and 4"
    assert root.inputs == {"question": "2+2?"} and root.flow.attributes == {"team": "support"}
    tool_log, prompt_log = root.trace_children
    assert isinstance(tool_log, ToolLogResponse) and isinstance(prompt_log, PromptLogResponse)
    assert tool_log.output == "3" and tool_log.inputs == {"a": "1", "b": "2"}
    assert tool_log.tool.function.name == "adder" and tool_log.tool.function.parameters["required"] == ["a", "b"]
    assert prompt_log.output == "4" and prompt_log.prompt.model == "gpt-4o-mini"
    assert prompt_log.prompt.temperature == 0.3 and prompt_log.prompt.max_tokens == 20
    assert [m.content for m in prompt_log.messages] == ["Answer briefly.", "2+2?"]
    assert (prompt_log.prompt_tokens, prompt_log.output_tokens, prompt_log.finish_reason) == (10, 1, "stop")
    assert all(child.trace_parent_id == root.id for child in (tool_log, prompt_log))
