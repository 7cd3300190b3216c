"""Soak (issue 28, item 6): a mixed load of JSON and streamed generations, feedback, deploys and `-deployed` calls
against one server for LOOPGATE_SOAK_SECONDS (45 in the suite; an hour by hand), with the server's RSS sampled
every second. Every call must succeed, and memory must level off: after the first fifth of the run (caches,
pools and SQLite's page cache warming up) the RSS may not grow by more than a quarter, or 48 MB.

By hand, for an hour on a release build:

    LOOPGATE_BIN=.build/release/loopgate LOOPGATE_SOAK_SECONDS=3600 compat/.venv/bin/python -m pytest -s \
        compat/test_soak.py
"""

import http.client
import json
import os
import random
import threading
import time

import pytest
from servers import Server

BIN = os.environ.get("LOOPGATE_BIN", "")
SECONDS = float(os.environ.get("LOOPGATE_SOAK_SECONDS", "45"))
pytestmark = pytest.mark.skipif(not BIN, reason="needs LOOPGATE_BIN (set by compat/run.sh when it starts the server)")


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


class Caller:
    """One client thread: a keep-alive connection and a random mix of the calls users make."""

    def __init__(self, port: int, key: str, project_id: str, environments: list, failures: list, counts: dict):
        self.port, self.key, self.project_id, self.environments = port, key, project_id, environments
        self.failures, self.counts = failures, counts
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.log_ids = []
        self.configs = []

    def request(self, method: str, path: str, body=None):
        self.connection.request(method, path, body=None if body is None else json.dumps(body),
                                headers={"X-API-KEY": self.key, "Content-Type": "application/json"})
        response = self.connection.getresponse()
        data = response.read()
        if response.status != 200:
            self.failures.append(f"{method} {path}: {response.status} {data[:200]!r}")
            return None
        return data

    def chat(self, stream: bool):
        # A few distinct configs (temperature varies), as an application's versions would.
        config = {"provider": "mock", "model": "mock-1", "temperature": random.choice([0.1, 0.5, 0.9])}
        data = self.request("POST", "/v4/chat", {
            "project": "soak", "model_config": config, "stream": stream, "inputs": {"n": random.random()},
            "messages": [{"role": "user", "content": "soak " + "word " * random.randint(1, 200)}],
        })
        if data is None or stream:
            return
        answer = json.loads(data)["data"][0]
        self.log_ids.append(answer["id"])
        self.configs.append(answer["model_config_id"])
        del self.log_ids[:-50], self.configs[:-50]

    def step(self):
        roll = random.random()
        if roll < 0.5 or not self.log_ids:
            self.chat(stream=False)
            kind = "chat"
        elif roll < 0.7:
            self.chat(stream=True)
            kind = "stream"
        elif roll < 0.85:
            self.request("POST", "/v4/feedback", {"type": "rating", "value": random.choice(["good", "bad"]),
                                                  "data_id": random.choice(self.log_ids)})
            kind = "feedback"
        elif roll < 0.9:
            self.request("PATCH", f"/v4/projects/{self.project_id}/deploy-config", {
                "config_id": random.choice(self.configs), "environments": [{"id": random.choice(self.environments)}]})
            kind = "deploy"
        else:
            self.request("POST", "/v4/chat-deployed", {
                "project_id": self.project_id, "messages": [{"role": "user", "content": "deployed"}]})
            kind = "deployed"
        self.counts[kind] = self.counts.get(kind, 0) + 1


def test_memory_levels_off_under_a_mixed_load(tmp_path):
    server = Server(BIN, str(tmp_path))
    port, key = server.port, server.key
    try:
        setup = Caller(port, key, "", [], [], {})
        setup.chat(stream=False)
        project_id = json.loads(setup.request("GET", "/v4/projects?filter=soak"))["records"][0]["id"]
        deployed = json.loads(setup.request("GET", f"/v4/projects/{project_id}/deployed-configs"))
        environments = [entry["environment_id"] for entry in deployed][:2]
        setup.request("PATCH", f"/v4/projects/{project_id}/deploy-config", {
            "config_id": setup.configs[0], "environments": [{"id": e} for e in environments]})

        failures, counts, stop = [], {}, threading.Event()

        def run():
            caller = Caller(port, key, project_id, environments, failures, counts)
            while not stop.is_set():
                try:
                    caller.step()
                except Exception as error:  # a dropped connection is a failure too
                    failures.append(repr(error))
                    caller.connection.close()
                    caller.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        threads = [threading.Thread(target=run, daemon=True) for _ in range(8)]
        for thread in threads:
            thread.start()
        samples = []
        started = time.monotonic()
        while time.monotonic() - started < SECONDS:
            time.sleep(1)
            samples.append((time.monotonic() - started, rss_kb(server.process.pid)))
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

        curve = [samples[min(len(samples) - 1, int(len(samples) * i / 10))] for i in range(11)]
        print("\nsoak: calls", counts, "\nsoak: RSS (s, MB)",
              ", ".join(f"{t:.0f}:{kb / 1024:.1f}" for t, kb in curve))
        assert failures == [], failures[:5]
        assert sum(counts.values()) > SECONDS * 20
        warm = max(kb for t, kb in samples if t <= SECONDS / 5)
        end = max(kb for t, kb in samples[-max(1, len(samples) // 10):])
        assert end <= max(warm * 1.25, warm + 48 * 1024), f"RSS grew from {warm} kB to {end} kB"
    finally:
        server.stop()
