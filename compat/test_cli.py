"""The `loopgate` administration commands, run as an operator runs them (issue 21: `keys revoke` with a
prefix of 9 to 34 characters answered "no live key starts with ...")."""

import os
import subprocess
import tempfile

import pytest

BIN = os.environ.get("LOOPGATE_BIN", "")
pytestmark = pytest.mark.skipif(not BIN, reason="needs LOOPGATE_BIN (set by compat/run.sh when it starts the server)")


def loopgate(database: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN, *args, "--database", database], capture_output=True, text=True, timeout=60,
        env={k: v for k, v in os.environ.items() if not k.startswith("LOOPGATE_")},
    )


@pytest.mark.parametrize("length", [6, 8, 9, 11, 12, 20, 34, 35])
def test_keys_revoke_takes_any_beginning_of_a_key(length):
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite://{folder}/cli.sqlite"
        created = loopgate(database, "keys", "create")
        assert created.returncode == 0, created.stderr
        key = created.stdout.strip()
        other = loopgate(database, "keys", "create").stdout.strip()
        assert key.startswith("lg_") and len(key) == 35

        revoked = loopgate(database, "keys", "revoke", key[:length])
        assert revoked.returncode == 0, revoked.stderr
        assert "revoked 1 key" in revoked.stdout
        # The key is gone: naming it whole finds nothing live; the other key is untouched.
        again = loopgate(database, "keys", "revoke", key)
        assert again.returncode != 0 and "no live key" in again.stderr
        assert loopgate(database, "keys", "revoke", other).returncode == 0


def test_keys_revoke_refuses_fewer_than_six_characters():
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite://{folder}/cli.sqlite"
        key = loopgate(database, "keys", "create").stdout.strip()
        short = loopgate(database, "keys", "revoke", key[:5])
        assert short.returncode != 0 and "at least 6" in short.stderr
