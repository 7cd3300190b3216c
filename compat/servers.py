"""`loopgate serve` started by a test on a database of its own (LOOPGATE_BIN, set by compat/run.sh)."""

import glob
import os
import secrets
import socket
import string
import subprocess
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_postgres_database(server_url: str, prefix: str) -> str:
    """A new database on the PostgreSQL server at `server_url`: that URL with the database's name changed."""
    name = prefix + "_" + secrets.token_hex(6)
    psql = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[-1]
    subprocess.run([psql, server_url, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    base, _, query = server_url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + (("?" + query) if query else "")


def new_key() -> str:
    return "lg_" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


class Server:
    """A server on `database` (a SQLite file in `folder` by default), answering /healthz, with its own key."""

    def __init__(self, binary: str, folder: str, database: str = "", environment: dict = None):
        self.key = new_key()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = database or f"sqlite://{folder}/loopgate.sqlite"
        self.log = open(os.path.join(folder, "server.log"), "a")
        self.process = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--database", self.database],
            env=dict(os.environ, LOOPGATE_API_KEY=self.key, LOOPGATE_LOG_LEVEL="warning", **(environment or {})),
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, "the server exited at start"
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2).read()
                return
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
