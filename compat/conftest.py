"""Fixtures for the compat suite: a running Loopgate, driven as a user's code would drive it.

The server is named by two environment variables (compat/run.sh sets both, starting a server
itself when LOOPGATE_URL is not given):
  LOOPGATE_URL      e.g. http://127.0.0.1:8080 (no /v4)
  LOOPGATE_API_KEY  a key the server accepts (sent as X-API-KEY)
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any, Optional

import pytest
from humanloop import Humanloop


def _require_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.fail(f"{name} is not set: run the suite through compat/run.sh, or export it", pytrace=False)
    return value


@pytest.fixture(scope="session")
def base_url() -> str:
    """Server root, without the /v4 base path."""
    return _require_env("LOOPGATE_URL").rstrip("/")


@pytest.fixture(scope="session")
def api_key() -> str:
    return _require_env("LOOPGATE_API_KEY")


@pytest.fixture(scope="session")
def hl(base_url: str, api_key: str) -> Humanloop:
    """The official 0.5.18 client, configured exactly as the Humanloop docs tell users to."""
    return Humanloop(api_key=api_key, host=f"{base_url}/v4")


@pytest.fixture
def project_name(request) -> str:
    """A project name no other test (or earlier run on the same database) uses."""
    test = request.node.name.replace("[", "-").replace("]", "").replace("_", "-")[:40]
    return f"compat-{test}-{uuid.uuid4().hex[:10]}"


# --------------------------------------------------------------------------------------------
# Raw HTTP, for what the 0.5.18 SDK cannot send (values its client-side validation rejects,
# no key at all) or does not have (GET /logs, GET /logs/{id} are 0.7+ operations).


@dataclass
class RawResponse:
    status: int
    headers: Any  # http.client.HTTPMessage (case-insensitive .get)
    text: str

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "") or ""

    def json(self) -> Any:
        return json.loads(self.text)


class RawClient:
    def __init__(self, base_url: str, api_key: Optional[str]):
        self.base_url = base_url
        self.api_key = api_key

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: Optional[dict] = None,
        api_key: Any = "default",
        headers: Optional[dict] = None,
        data: Optional[bytes] = None,
    ) -> RawResponse:
        """`body` is sent as JSON; `data` (raw bytes) is sent as it is, for malformed bodies."""
        url = self.base_url + path
        if params:
            url += "?" + urllib.parse.urlencode(params, doseq=True)
        hdrs = {"Accept": "application/json"}
        if data is not None:
            hdrs["Content-Type"] = "application/json"
        elif body is not None:
            data = json.dumps(body).encode("utf-8")
            hdrs["Content-Type"] = "application/json"
        key = self.api_key if api_key == "default" else api_key
        if key is not None:
            hdrs["X-API-KEY"] = key
        hdrs.update(headers or {})
        req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return RawResponse(resp.status, resp.headers, resp.read().decode("utf-8"))
        except urllib.error.HTTPError as err:
            return RawResponse(err.code, err.headers, err.read().decode("utf-8"))

    def get(self, path: str, **kw) -> RawResponse:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any, **kw) -> RawResponse:
        return self.request("POST", path, body=body, **kw)


@pytest.fixture(scope="session")
def raw(base_url: str, api_key: str) -> RawClient:
    return RawClient(base_url, api_key)
