"""MCP conformance run (see build/conformance.sh): the Release server on a throwaway embedded PostgreSQL,
bearer tokens from Platform's own OAuth flow (one per resource), and
- `@modelcontextprotocol/conformance server --requirements 2026-07-28` against /api/mcp and against
  /api/boards/mcp, through a small local proxy that adds the resource's token (the CLI has no header
  option). The proxy forwards every header as sent (Host and Origin included), so the server is
  configured with the proxy's address as BACKEND_URL, as behind any reverse proxy;
- `conformance authorization` against the authorization server (`/auth`): its metadata, and the
  authorization code grant with PKCE for a registered public client, whose browser step (sign-in and
  consent) this script performs with a signed-in session, delivering the redirect to the CLI's callback.
Prints one line per check that is not a success and a summary; exit code 0 when every check outside
build/conformance/not-applicable.txt succeeded."""
import argparse
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "bench"))
from platform_client import Client, follow_authorization, oauth_token  # noqa: E402

SUITE = os.path.join(ROOT, "tests", "conformance")
NOT_APPLICABLE = os.path.join(os.path.dirname(__file__), "not-applicable.txt")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_handler(upstream_port, token_holder):
    class Proxy(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            conn = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
            conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                if name.lower() not in HOP_BY_HOP:
                    conn.putheader(name, value)
            for prefix, token in token_holder.items():
                if self.path.lower().startswith(prefix) and "Authorization" not in self.headers:
                    conn.putheader("Authorization", "Bearer " + token)
                    break
            conn.endheaders(body)
            response = conn.getresponse()
            payload = response.read()  # stateless: every response ends
            self.send_response_only(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            conn.close()

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = forward

    return Proxy


class QuietServer(http.server.ThreadingHTTPServer):
    """The suite drops connections on purpose (timeouts, aborted streams); those are not errors of the run."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError, TimeoutError)):
            super().handle_error(request, client_address)


def start_server(port, backend, data_dir):
    env = dict(os.environ)
    env.update({
        "BACKEND_URL": backend,
        "ASPNETCORE_URLS": f"http://127.0.0.1:{port}",
        "PLATFORM_DATA_DIR": data_dir,
        "Logging__LogLevel__Default": "Warning",
        "Logging__LogLevel__Microsoft.AspNetCore": "Warning",
        # one user and one client make every call of the run: never the production limits (decision 0212)
        "Mcp__ToolCallLimits__PerUser": "1000000000", "Mcp__ToolCallLimits__PerClient": "1000000000",
    })
    env.pop("ConnectionStrings__Platform", None)
    dll = os.path.join(ROOT, "src/Web/bin/Release/net10.0/Platform.Web.dll")
    log = open(os.path.join(data_dir, "server.log"), "w")
    proc = subprocess.Popen(["dotnet", dll], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    client = Client(f"http://127.0.0.1:{port}")
    for _ in range(240):
        try:
            if client.request("GET", "/readyz", timeout=2).status == 200:
                return proc
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("server exited during start-up; see " + log.name)
        time.sleep(0.5)
    raise RuntimeError("server did not become ready")


def read_checks(results, run):
    checks = []
    for dirpath, _, files in os.walk(results):
        for name in files:
            if name == "checks.json":
                scenario = re.sub(r"-\d{4}-\d\d-\d\dT.*$", "", os.path.basename(dirpath))  # drop the run's timestamp
                with open(os.path.join(dirpath, name)) as f:
                    for check in json.load(f):
                        checks.append((scenario, check))
    if not checks:
        print(run.stdout[-4000:])
        print(run.stderr[-4000:])
        raise RuntimeError("the conformance run wrote no results in " + results)
    return checks


def report(title, checks, not_applicable, verbose, elapsed):
    """Prints the checks that did not succeed and a summary line; returns the number of unexpected ones."""
    counts = {}
    unexpected = 0
    na = 0
    for scenario, check in sorted(checks, key=lambda c: (c[0], c[1].get("id", ""))):
        status = check.get("status", "?")
        counts[status] = counts.get(status, 0) + 1
        if status in ("SUCCESS", "INFO"):
            continue
        cid = check.get("id", "?")
        if cid in not_applicable or scenario in not_applicable:
            na += 1
            if verbose:
                print(f"  n/a   {scenario}/{cid}: {not_applicable.get(cid) or not_applicable.get(scenario)}")
            continue
        if status in ("WARNING", "SKIPPED"):
            print(f"  {status.lower()[:4]}  {scenario}/{cid}: {check.get('errorMessage', '')}")
            continue
        unexpected += 1
        print(f"  FAIL  {scenario}/{cid}: {check.get('errorMessage', '')}")
    summary = ", ".join(f"{v} {k.lower()}" for k, v in sorted(counts.items()))
    print(f"conformance {title}: {len(checks)} checks ({summary}) in {elapsed:.0f} s; "
          f"{na} not applicable (build/conformance/not-applicable.txt), {unexpected} unexpected")
    return unexpected


def authorization_checks(node, cli, owner, backend, results):
    """`conformance authorization` with a registered public client; the CLI prints the authorization URL
    and waits on its callback port, and this script signs in and consents as the user's browser would."""
    callback_port = free_port()
    redirect = f"http://127.0.0.1:{callback_port}/callback"
    reg = owner.request("POST", "/auth/register", {
        "client_name": "Conformance authorization", "redirect_uris": [redirect],
        "token_endpoint_auth_method": "none", "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"]})
    if reg.status != 201:
        raise RuntimeError(f"registration failed: {reg.status} {reg.text()}")
    command = [node, cli, "authorization", "--url", backend + "/auth", "--client-id", reg.json()["client_id"],
               "--resource", backend + "/api/mcp", "-p", str(callback_port), "-o", results]
    proc = subprocess.Popen(command, cwd=SUITE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        for line in proc.stdout:
            output.append(line)
            if line.startswith(backend + "/auth/") and "response_type=code" in line:
                location = follow_authorization(owner, line.strip(), redirect)
                # the browser follows the redirect to the CLI's local callback server
                Client(redirect).request("GET", location)
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()

    class Run:
        stdout = "".join(output)
        stderr = ""
    return read_checks(results, Run)



def read_not_applicable():
    ids = {}
    with open(NOT_APPLICABLE) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                check, _, reason = line.partition(" ")
                ids[check] = reason.strip()
    return ids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requirements", default="2026-07-28", help='a spec revision, or "active" for the suite\'s active scenarios of every revision')
    ap.add_argument("--keep", action="store_true", help="keep the data and results directory")
    ap.add_argument("--verbose", action="store_true", help="also list the checks that do not apply")
    args = ap.parse_args()

    node = os.path.join(SUITE, "node_modules", ".bin", "node")
    cli = os.path.join(SUITE, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js")
    data_dir = tempfile.mkdtemp(prefix="platform-conformance-")
    os.chmod(data_dir, 0o755)
    server_port, proxy_port = free_port(), free_port()
    backend = f"http://127.0.0.1:{proxy_port}"
    token_holder = {}
    proxy = QuietServer(("127.0.0.1", proxy_port), proxy_handler(server_port, token_holder))
    proxy.daemon_threads = True
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    server = start_server(server_port, backend, data_dir)
    try:
        owner = Client(backend)
        r = owner.request("POST", "/api/auth/bootstrap", {"email": "conformance@example.com", "password": "password123", "name": "Conformance"})
        if r.status != 201:
            raise RuntimeError(f"bootstrap failed: {r.status} {r.text()}")
        token_holder["/api/boards/mcp"] = oauth_token(owner, scopes="projects:read projects:write", resource=backend + "/api/boards/mcp")["access_token"]
        token_holder["/api/mcp"] = oauth_token(owner)["access_token"]

        results = os.path.join(data_dir, "results")
        not_applicable = read_not_applicable()
        unexpected = 0
        for endpoint in ("/api/mcp", "/api/boards/mcp"):
            # localhost (not BACKEND_URL's 127.0.0.1): the DNS-rebinding check then sends another loopback spelling.
            url = f"http://localhost:{proxy_port}{endpoint}"
            out = os.path.join(results, endpoint.strip("/").replace("/", "-"))
            started = time.time()
            command = [node, cli, "server", "--url", url, "-o", out]
            if args.requirements != "active":
                command += ["--requirements", args.requirements]
            run = subprocess.run(command, cwd=SUITE, capture_output=True, text=True, check=False)
            unexpected += report(f"{endpoint} {args.requirements}", read_checks(out, run), not_applicable, args.verbose, time.time() - started)

        started = time.time()
        out = os.path.join(results, "authorization")
        unexpected += report("authorization server", authorization_checks(node, cli, owner, backend, out), not_applicable, args.verbose, time.time() - started)
        if args.keep:
            print("results: " + results)
        return 1 if unexpected else 0
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        proxy.shutdown()
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
