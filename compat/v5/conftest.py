"""Fixtures for the v5 compat suite: humanloop 0.8.38, as a user's code drives it, against a running Loopgate.

Started by compat/run.sh beside the v4 suite, with the same server (LOOPGATE_URL, LOOPGATE_API_KEY). The SDK
never checks the answers it parses; user code does, so the tests validate every answer against the SDK's own
pydantic types (`strict`).
"""

import json
import os
import urllib.error
import urllib.request
import uuid
from typing import Any, Optional

import pytest
from humanloop import Humanloop


def _env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.fail(f"{name} is not set: run the suite through compat/run.sh", pytrace=False)
    return value


@pytest.fixture(scope="session")
def base_url() -> str:
    return _env("LOOPGATE_URL").rstrip("/")


@pytest.fixture(scope="session")
def api_key() -> str:
    return _env("LOOPGATE_API_KEY")


@pytest.fixture(scope="session")
def client(base_url: str, api_key: str) -> Humanloop:
    return Humanloop(api_key=api_key, base_url=f"{base_url}/v5")


@pytest.fixture
def path() -> str:
    """A fresh file path for one test."""
    return f"compat/{uuid.uuid4().hex[:12]}/bot"


class Raw:
    """Plain HTTP beside the SDK: for the answers' own JSON (to validate) and for the v4 side of the interplay."""

    def __init__(self, base_url: str, api_key: str):
        self.base_url = base_url
        self.api_key = api_key

    def request(self, method: str, path: str, body: Optional[Any] = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method,
            headers={"X-API-KEY": self.api_key, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, json.loads(text) if text else None


@pytest.fixture(scope="session")
def raw(base_url: str, api_key: str) -> Raw:
    return Raw(base_url, api_key)


def strict(model: type, value: Any) -> Any:
    """The value validated against an SDK type: every required field present, every field of its type."""
    return model.model_validate(value)


MOCK_CHAT = {
    "model": "mock-1",
    "provider": "mock",
    "template": [{"role": "system", "content": "You help {{name}}"}],
}
MOCK_COMPLETION = {"model": "mock-1", "provider": "mock", "template": "Say {{word}} to {{name}}"}
