"""MCP conformance run (see build/conformance.sh): the Release server on a throwaway embedded PostgreSQL,
a bearer token from Platform's own OAuth flow, and `@modelcontextprotocol/conformance server
--requirements 2026-07-28` against /api/mcp through a small local proxy that adds the token (the CLI
has no header option). The proxy forwards every header as sent (Host and Origin included), so the
server is configured with the proxy's address as BACKEND_URL, as behind any reverse proxy.
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
from platform_client import Client, oauth_token  # noqa: E402

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
            if self.path.lower().startswith("/api/mcp") and "Authorization" not in self.headers and token_holder.get("token"):
                conn.putheader("Authorization", "Bearer " + token_holder["token"])
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
    ap.add_argument("--requirements", default="2026-07-28")
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
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", proxy_port), proxy_handler(server_port, token_holder))
    proxy.daemon_threads = True
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    server = start_server(server_port, backend, data_dir)
    try:
        owner = Client(backend)
        r = owner.request("POST", "/api/auth/bootstrap", {"email": "conformance@example.com", "password": "password123", "name": "Conformance"})
        if r.status != 201:
            raise RuntimeError(f"bootstrap failed: {r.status} {r.text()}")
        token_holder["token"] = oauth_token(owner)["access_token"]

        results = os.path.join(data_dir, "results")
        # localhost (not BACKEND_URL's 127.0.0.1): the DNS-rebinding check then sends another loopback spelling.
        url = f"http://localhost:{proxy_port}/api/mcp"
        started = time.time()
        run = subprocess.run([node, cli, "server", "--url", url, "--requirements", args.requirements, "-o", results],
                             cwd=SUITE, capture_output=True, text=True, check=False)
        elapsed = time.time() - started
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
            raise RuntimeError("the conformance run wrote no results")

        not_applicable = read_not_applicable()
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
                if args.verbose:
                    print(f"  n/a   {scenario}/{cid}: {not_applicable.get(cid) or not_applicable.get(scenario)}")
                continue
            if status in ("WARNING", "SKIPPED"):
                print(f"  {status.lower()[:4]}  {scenario}/{cid}: {check.get('errorMessage', '')}")
                continue
            unexpected += 1
            print(f"  FAIL  {scenario}/{cid}: {check.get('errorMessage', '')}")
        summary = ", ".join(f"{v} {k.lower()}" for k, v in sorted(counts.items()))
        print(f"conformance {args.requirements}: {len(checks)} checks ({summary}) in {elapsed:.0f} s; "
              f"{na} not applicable to a tools-only server (build/conformance/not-applicable.txt), {unexpected} unexpected")
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
