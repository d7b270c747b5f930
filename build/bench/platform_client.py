"""A small HTTP client for Platform's public APIs (stdlib only), used by the benchmark and load scripts."""
import base64
import hashlib
import html.parser
import http.cookiejar
import json
import os
import secrets
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def text(self):
        return self.body.decode("utf-8", "replace")


class Client:
    """Cookie-aware client; `X-Scrumboy: 1` on /api writes."""

    def __init__(self, base, jar=None):
        self.base = base.rstrip("/")
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, method, path, body=None, headers=None, form=None, timeout=60):
        headers = dict(headers or {})
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        elif body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        if path.startswith("/api/") and method in ("POST", "PATCH", "DELETE"):
            headers.setdefault("X-Scrumboy", "1")
        url = path if path.startswith("http") else self.base + path
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return Response(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, e.headers, e.read())

    def session_cookie(self):
        for c in self.jar:
            if c.name == "scrumboy_session":
                return c.value
        return None

    # --- envelope dialect -------------------------------------------------
    def tool(self, name, tool_input):
        r = self.request("POST", "/mcp", {"tool": name, "input": tool_input})
        body = r.json()
        if not body.get("ok"):
            raise RuntimeError(f"{name} failed: {r.status} {body}")
        return body


class _FormParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": (a.get("method") or "get").lower(), "fields": {}}
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and a.get("name"):
            if a.get("type") in ("hidden", None, "text"):
                self._form["fields"][a["name"]] = a.get("value", "")


def pkce_pair():
    verifier = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def oauth_token(client, scopes="organizations:read tasks:read tasks:write offline_access", resource=None):
    """Runs the whole OAuth flow as a public client with a signed-in session; returns the token response."""
    redirect = "http://127.0.0.1:9/callback"
    reg = client.request("POST", "/auth/register", {
        "client_name": "Platform benchmark", "redirect_uris": [redirect],
        "token_endpoint_auth_method": "none", "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"]})
    if reg.status != 201:
        raise RuntimeError(f"registration failed: {reg.status} {reg.text()}")
    client_id = reg.json()["client_id"]
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(8)
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": client_id, "redirect_uri": redirect, "scope": scopes,
        "state": state, "code_challenge": challenge, "code_challenge_method": "S256",
        "resource": resource or client.base + "/api/mcp"})
    location = follow_authorization(client, "/auth/authorize?" + query, redirect)
    params = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
    if "code" not in params:
        raise RuntimeError(f"authorization failed: {location}")
    tok = client.request("POST", "/auth/token", form={
        "grant_type": "authorization_code", "code": params["code"][0], "redirect_uri": redirect,
        "client_id": client_id, "code_verifier": verifier})
    if tok.status != 200:
        raise RuntimeError(f"token exchange failed: {tok.status} {tok.text()}")
    result = tok.json()
    result["client_id"] = client_id
    return result


def follow_authorization(client, url, redirect):
    """What a signed-in browser does with an authorization request: follows the server's redirects and
    allows on the consent page, until the server redirects to `redirect`; returns that location."""
    r = client.request("GET", url)
    for _ in range(4):
        if r.status in (302, 303):
            location = r.headers["Location"]
            if location.startswith(redirect):
                return location
            r = client.request("GET", location)
            continue
        parser = _FormParser()
        parser.feed(r.text())
        consent = next((f for f in parser.forms if f["method"] == "post"), None)
        if consent is None:
            raise RuntimeError(f"no consent form: {r.status} {r.text()[:300]}")
        fields = dict(consent["fields"])
        fields["decision"] = "allow"
        action = consent["action"] or "/auth/authorize"
        if not action.startswith("http") and not action.startswith("/"):
            action = "/auth/" + action
        r = client.request("POST", action, form=fields)
    raise RuntimeError("authorization did not finish")


class McpClient:
    """JSON-RPC over POST /api/mcp with a bearer token and a JSON-only Accept."""

    def __init__(self, base, token):
        self.base = base.rstrip("/")
        self.token = token
        self.client = Client(base)
        self.next_id = 1

    def headers(self):
        return {"Authorization": "Bearer " + self.token, "Accept": "application/json",
                "MCP-Protocol-Version": "2025-06-18"}

    def call(self, tool, arguments):
        self.next_id += 1
        r = self.client.request("POST", "/api/mcp", {
            "jsonrpc": "2.0", "id": self.next_id, "method": "tools/call",
            "params": {"name": tool, "arguments": arguments}}, headers=self.headers())
        if r.status != 200:
            raise RuntimeError(f"{tool}: HTTP {r.status} {r.text()[:300]}")
        body = r.json()
        result = body.get("result")
        if result is None or result.get("isError"):
            raise RuntimeError(f"{tool}: {body}")
        return result.get("structuredContent")
