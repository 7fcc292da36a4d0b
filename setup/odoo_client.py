"""A minimal JSON-RPC client of Odoo's web client routes (standard library only).

Used by ``replica_check.py`` and ``load_test.py``: it logs in like the browser
(``/web/session/authenticate``, then the ``session_id`` cookie) and calls a
model method through ``/web/dataset/call_kw/<model>/<method>``, the route the
dashboard uses.
"""

import http.client
import json
import time
import urllib.parse


class RpcError(Exception):
    """Odoo answered with a JSON-RPC error (its message is the exception's)."""


class OdooSession:
    """One logged-in user on one keep-alive HTTP connection."""

    def __init__(self, url, timeout=60):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout = timeout
        self.connection = None
        self.cookie = None
        self.request_id = 0

    def _post(self, path, params):
        self.request_id += 1
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": self.request_id})
        headers = {"Content-Type": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request("POST", path, body, headers)
                response = self.connection.getresponse()
                payload = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # a worker recycled after its request limit closes the kept-alive connection: open another
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("session_id="):
                self.cookie = value.split(";", 1)[0]
        if response.status != 200:
            raise RpcError(f"HTTP {response.status} on {path}")
        answer = json.loads(payload)
        if "error" in answer:
            error = answer["error"]
            raise RpcError(error.get("data", {}).get("message") or error.get("message") or str(error))
        return answer["result"]

    def login(self, database, login, password):
        return self._post("/web/session/authenticate", {"db": database, "login": login, "password": password})

    def call(self, model, method, args=(), **kwargs):
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        return self._post(f"/web/dataset/call_kw/{model}/{method}", params)

    def close(self):
        if self.connection is not None:
            self.connection.close()


def wait_for_http(url, seconds=120):
    """Wait until Odoo answers on `url` (its login page); False after `seconds`."""
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            connection.request("GET", "/web/login")
            status = connection.getresponse().status
            connection.close()
            if status < 500:
                return True
        except OSError:
            pass
        time.sleep(1)
    return False
