"""Nothing answered is lost (issue 28, item 1): clients call `/v4/chat`, JSON and streamed, and keep every
log id the server answered (a streamed one once its last event, sent after the commit, arrived); the
server is killed with SIGKILL at a random moment and started again on the same database (a SQLite file
with the default `synchronous=NORMAL`, and a PostgreSQL database of its own when scripts/test has a
server: LOOPGATE_COMPAT_POSTGRES_URL), several times; at the end every answered id is there. And SIGTERM
under load: requests in flight are answered and their logs kept, and the server stops.
"""

import http.client
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

import pytest
import servers

BIN = os.environ.get("LOOPGATE_BIN", "")
POSTGRES = os.environ.get("LOOPGATE_COMPAT_POSTGRES_URL", "")
pytestmark = pytest.mark.skipif(not BIN, reason="needs LOOPGATE_BIN (set by compat/run.sh when it starts the server)")


def databases():
    """SQLite always; PostgreSQL when the run has a server."""
    return ["sqlite"] + (["postgres"] if POSTGRES else [])


def fresh_postgres_database() -> str:
    """A new database on the run's PostgreSQL server."""
    return servers.fresh_postgres_database(POSTGRES, "crash")


class Server:
    """`loopgate serve` on a database that outlives it."""

    def __init__(self, folder: str, database: str = "sqlite"):
        self.folder = folder
        self.database = f"sqlite://{folder}/crash.sqlite" if database == "sqlite" else fresh_postgres_database()
        self.key = servers.new_key()
        self.process = None

    def start(self):
        self.port = servers.free_port()
        self.log = open(os.path.join(self.folder, "server.log"), "a")
        self.process = subprocess.Popen(
            [BIN, "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--database", self.database],
            env=dict(os.environ, LOOPGATE_API_KEY=self.key, LOOPGATE_LOG_LEVEL="warning"),
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited at start"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("the server did not start")

    def body(self, stream: bool) -> bytes:
        return json.dumps({
            "project": "crash", "model_config": {"provider": "mock", "model": "mock-1"},
            "messages": [{"role": "user", "content": "keep this log " + secrets.token_hex(4)}], "stream": stream,
        }).encode()

    def call(self, stream: bool):
        """The answered log id, or None when the server went away first."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("POST", "/v4/chat", self.body(stream),
                               {"X-API-KEY": self.key, "Content-Type": "application/json"})
            response = connection.getresponse()
            if response.status != 200:
                return None
            if not stream:
                return json.loads(response.read())["data"][0]["id"]
            for line in response:
                if line.startswith(b"data: "):
                    event = json.loads(line[6:])
                    if event["data"][0]["finish_reason"] is not None:
                        return event["data"][0]["id"]
            return None
        except (OSError, http.client.HTTPException, ValueError):
            return None
        finally:
            connection.close()

    def exists(self, log_id: str) -> bool:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/v4/logs/{log_id}",
                                         headers={"X-API-KEY": self.key})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status == 200
        except urllib.error.HTTPError:
            return False


def load(server: Server, answered: list, stop: threading.Event, workers: int = 8):
    def work(stream: bool):
        while not stop.is_set():
            log_id = server.call(stream)
            if log_id:
                answered.append(log_id)
            elif server.process.poll() is not None:
                return

    threads = [threading.Thread(target=work, args=(index % 4 == 0,)) for index in range(workers)]
    for thread in threads:
        thread.start()
    return threads


@pytest.mark.parametrize("database", databases())
def test_every_answered_log_survives_sigkill(database):
    with tempfile.TemporaryDirectory() as folder:
        server = Server(folder, database)
        answered: list = []
        for _ in range(4):
            server.start()
            stop = threading.Event()
            threads = load(server, answered, stop)
            time.sleep(random.uniform(0.5, 2.0))
            server.process.send_signal(signal.SIGKILL)
            server.process.wait()
            stop.set()
            for thread in threads:
                thread.join()
        server.start()
        try:
            missing = [log_id for log_id in answered if not server.exists(log_id)]
            assert len(answered) > 100, f"only {len(answered)} answers: the load did not run"
            assert missing == [], f"{len(missing)} of {len(answered)} answered logs lost"
        finally:
            server.process.terminate()
            server.process.wait(timeout=20)


@pytest.mark.parametrize("database", databases())
def test_sigterm_under_load_answers_what_is_in_flight_and_keeps_it(database):
    with tempfile.TemporaryDirectory() as folder:
        server = Server(folder, database)
        server.start()
        answered: list = []
        stop = threading.Event()
        threads = load(server, answered, stop)
        time.sleep(1.0)
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=30) == 0, "a clean stop exits 0"
        stop.set()
        for thread in threads:
            thread.join()
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
        server.start()
        try:
            assert len(answered) > 20
            assert [log_id for log_id in answered if not server.exists(log_id)] == []
        finally:
            server.process.terminate()
            server.process.wait(timeout=20)
