"""Schema fuzzing in the suite (issue 28, item 2), bounded: schemathesis (pinned in requirements.txt) generates
requests from Loopgate's own OpenAPI documents (v4, v5, /v1) and from Humanloop's v4 document, for 15 seconds
each, against a server of its own, with a fixed seed: no 5xx or status the documents do not list, every answer
fits its documented schema. Longer, and with new requests each time, by hand: scripts/fuzz-schemas SECONDS.
"""

import os
import shutil
import subprocess
import sys

import pytest
from servers import Server

BIN = os.environ.get("LOOPGATE_BIN", "")
pytestmark = pytest.mark.skipif(not BIN, reason="needs LOOPGATE_BIN (set by compat/run.sh when it starts the server)")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_no_server_errors_and_answers_fit_their_schemas(tmp_path):
    schemathesis = shutil.which("schemathesis", path=os.path.dirname(sys.executable))
    assert schemathesis, "schemathesis is not installed (compat/requirements.txt)"
    server = Server(BIN, str(tmp_path))
    try:
        result = subprocess.run(
            ["bash", os.path.join(ROOT, "scripts", "fuzz-schemas"), os.environ.get("LOOPGATE_SCHEMA_SECONDS", "15")],
            # A fixed seed: the suite's requests are the same every run (new ones come from runs by hand).
            env=dict(os.environ, LOOPGATE_URL=server.url, LOOPGATE_API_KEY=server.key, SCHEMATHESIS=schemathesis,
                     SCHEMATHESIS_SEED=os.environ.get("SCHEMATHESIS_SEED", "1")),
            capture_output=True, text=True, timeout=600)
    finally:
        server.stop()
    print(result.stdout[-3000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
