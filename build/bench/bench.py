"""Platform benchmark driver (see build/bench.sh): Release server on a throwaway cluster, seeding through
the public APIs, wrk scenarios (32 connections, warm-up + 10 s each), server CPU per request and peak
RSS from /proc, a Markdown table in docs/benchmarks.md."""
import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from platform_client import Client, McpClient, oauth_token  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LUA_DONE = r'''
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lua_script(method, headers, body=None, body_template=None):
    lines = [f'wrk.method = "{method}"']
    for k, v in headers.items():
        lines.append(f'wrk.headers["{k}"] = {json.dumps(v)}')
    if body is not None:
        lines.append(f"wrk.body = {json.dumps(body)}")
    if body_template is not None:
        # unique bodies: %d is replaced by a per-thread counter
        lines.append("local counter = 0")
        lines.append("local tid = math.random(1, 1000000)")
        lines.append("request = function()")
        lines.append("  counter = counter + 1")
        lines.append(f"  return wrk.format(nil, nil, nil, string.format({json.dumps(body_template)}, tid, counter))")
        lines.append("end")
    return "\n".join(lines) + "\n" + LUA_DONE


class Server:
    def __init__(self, port, data_dir):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        env = dict(os.environ)
        env.update({
            "BACKEND_URL": self.base,
            "ASPNETCORE_URLS": self.base,
            "PLATFORM_DATA_DIR": data_dir,
            "PLATFORM_BENCHMARK_PROBES": "1",
            # one user and one OAuth client drive thousands of tool calls a second: far above the
            # production defaults (600/min per user, 1,200/min per client; decision 0212), so raised here
            "Mcp__ToolCallLimits__PerUser": "1000000000", "Mcp__ToolCallLimits__PerClient": "1000000000",
            "Logging__LogLevel__Default": "Warning",
            "Logging__LogLevel__Microsoft.AspNetCore": "Warning",
        })
        env.pop("ConnectionStrings__Platform", None)
        env.setdefault("MALLOC_ARENA_MAX", "2")  # as build/run.sh starts the server (decision 0206)
        dll = os.path.join(ROOT, "src/Web/bin/Release/net10.0/Platform.Web.dll")
        self.log = open(os.path.join(data_dir, "server.log"), "w")
        self.proc = subprocess.Popen(["dotnet", dll], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        client = Client(self.base)
        for _ in range(240):
            try:
                if client.request("GET", "/readyz", timeout=2).status == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("server exited during start-up; see " + self.log.name)
            time.sleep(0.5)
        raise RuntimeError("server did not become ready")

    def cpu_ticks(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    def memory_kb(self):
        values = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS", "VmHWM")):
                    k, v = line.split(":")
                    values[k] = int(v.split()[0])
        return values

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_wrk(server, name, path, script, duration, connections, warmup, trace_dir=None):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
        lua = f.name
    url = server.base + path
    subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{warmup}s", "-s", lua, url], capture_output=True, check=False)
    tracer = None
    if trace_dir:
        # a CPU sample of the measured interval (dotnet-trace, speedscope format) for profiling
        slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
        tracer = subprocess.Popen(["dotnet-trace", "collect", "-p", str(server.proc.pid), "--profile", "dotnet-sampled-thread-time",
                                   "--duration", f"00:00:00:{duration:02d}", "--format", "Speedscope",
                                   "-o", os.path.join(trace_dir, slug + ".nettrace")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(2)
    ticks_before = server.cpu_ticks()
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", lua, url],
                         capture_output=True, text=True, check=False)
    ticks_after = server.cpu_ticks()
    if tracer:
        tracer.wait()
    os.unlink(lua)
    line = next((l for l in out.stdout.splitlines() if l.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed for {name}: {out.stdout} {out.stderr}")
    r = json.loads(line[len("WRKJSON "):])
    hz = os.sysconf("SC_CLK_TCK")
    r["name"] = name
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["cpu_ms_per_req"] = (ticks_after - ticks_before) * 1000.0 / hz / max(1, r["requests"])
    r["rss_mb"] = server.memory_kb().get("VmHWM", 0) / 1024
    print(f"  {name:<24} {r['rps']:>9.0f} req/s  p50 {r['p50_us']/1000:.2f} ms  p99 {r['p99_us']/1000:.2f} ms  non-2xx {r['non2xx']}  cpu {r['cpu_ms_per_req']:.3f} ms/req", flush=True)
    return r


def seed(server, tasks, small_todos, large_todos):
    t0 = time.time()
    owner = Client(server.base)
    r = owner.request("POST", "/api/auth/bootstrap", {"email": "bench@example.com", "password": "password123", "name": "Bench"})
    if r.status != 201:
        raise RuntimeError(f"bootstrap failed: {r.status} {r.text()}")
    user_id = r.json()["id"]
    org_ids = []
    for i in range(3):
        r = owner.request("POST", "/api/admin/organizations", {"name": f"Bench Org {i + 1}", "slug": f"bench-org-{i + 1}"})
        if r.status != 201:
            raise RuntimeError(f"organization failed: {r.status} {r.text()}")
        org_id = r.json()["id"]
        org_ids.append(org_id)
        r = owner.request("POST", f"/api/admin/organizations/{org_id}/members", {"userId": user_id, "role": "owner"})
        if r.status not in (201, 409):
            raise RuntimeError(f"membership failed: {r.status} {r.text()}")
    token = oauth_token(owner)["access_token"]

    def create_task(i):
        mcp = McpClient(server.base, token)
        return mcp.call("create_task", {"title": f"Task {i}", "organizationId": org_ids[i % 3], "description": {"n": i}})["id"]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        task_ids = list(pool.map(create_task, range(tasks)))

    projects = {}
    for key, name in (("small", "Bench Small"), ("large", "Bench Large"), ("writes", "Bench Writes")):
        r = owner.request("POST", "/api/projects", {"name": name})
        if r.status != 201:
            raise RuntimeError(f"project failed: {r.status} {r.text()}")
        projects[key] = r.json()["slug"]

    def create_todo(args):
        slug, i = args
        c = Client(server.base, jar=owner.jar)
        c.tool("todos.create", {"projectSlug": slug, "title": f"Todo {i} needle" if i % 50 == 0 else f"Todo {i}",
                                "body": f"body {i}", "columnKey": ["backlog", "not_started", "doing", "testing", "done"][i % 5]})

    jobs = [(projects["small"], i) for i in range(small_todos)] + [(projects["large"], i) for i in range(large_todos)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(create_todo, jobs))
    print(f"seeded {tasks} tasks in 3 organizations, {small_todos} + {large_todos} todos in {time.time() - t0:.0f} s", flush=True)
    return owner, token, org_ids, task_ids, projects


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--tasks", type=int, default=5000)
    ap.add_argument("--large-todos", type=int, default=20000)
    ap.add_argument("--small-todos", type=int, default=100)
    ap.add_argument("--output", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--only", help="comma-separated scenario names to run (profiling; no report is written)")
    ap.add_argument("--trace", metavar="DIR", help="collect a dotnet-trace CPU sample of each scenario into DIR")
    args = ap.parse_args()

    data_dir = tempfile.mkdtemp(prefix="platform-bench-")
    os.chmod(data_dir, 0o755)
    server = Server(free_port(), data_dir)
    try:
        owner, token, org_ids, task_ids, projects = seed(server, args.tasks, args.small_todos, args.large_todos)
        cookie = f"scrumboy_session={owner.session_cookie()}"
        mcp_headers = {"Content-Type": "application/json", "Accept": "application/json",
                       "Authorization": "Bearer " + token, "MCP-Protocol-Version": "2025-06-18"}
        env_headers = {"Content-Type": "application/json", "Cookie": cookie}

        def rpc(tool, arguments):
            return json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": tool, "arguments": arguments}})

        sse_headers = dict(mcp_headers, Accept="application/json, text/event-stream")

        def rpc_2026(tool, arguments):
            # the newest clients' request: per-request _meta and the Mcp-Method/Mcp-Name headers (MCP 2026-07-28)
            meta = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}
            return json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": tool, "arguments": arguments, "_meta": meta}})

        def headers_2026(tool):
            return dict(sse_headers, **{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": tool})

        def env(tool, tool_input):
            return json.dumps({"tool": tool, "input": tool_input})

        scenarios = [
            ("ceiling: JSON", "/_probe/json", lua_script("GET", {})),
            ("ceiling: 1 query", "/_probe/query", lua_script("GET", {})),
            ("list_tasks", "/api/mcp", lua_script("POST", mcp_headers, rpc("list_tasks", {}))),
            ("get_task", "/api/mcp", lua_script("POST", mcp_headers, rpc("get_task", {"taskId": task_ids[len(task_ids) // 2]}))),
            ("create_task", "/api/mcp", lua_script("POST", mcp_headers, body_template=rpc("create_task", {"title": "Load %d-%d", "organizationId": org_ids[0]}))),
            ("list_tasks (sse)", "/api/mcp", lua_script("POST", sse_headers, rpc("list_tasks", {}))),
            ("get_task (sse)", "/api/mcp", lua_script("POST", sse_headers, rpc("get_task", {"taskId": task_ids[len(task_ids) // 2]}))),
            ("create_task (sse)", "/api/mcp", lua_script("POST", sse_headers, body_template=rpc("create_task", {"title": "Load %d-%d", "organizationId": org_ids[0]}))),
            ("list_tasks (2026-07-28)", "/api/mcp", lua_script("POST", headers_2026("list_tasks"), rpc_2026("list_tasks", {}))),
            ("get_task (2026-07-28)", "/api/mcp", lua_script("POST", headers_2026("get_task"), rpc_2026("get_task", {"taskId": task_ids[len(task_ids) // 2]}))),
            ("create_task (2026-07-28)", "/api/mcp", lua_script("POST", headers_2026("create_task"),
                                                                body_template=rpc_2026("create_task", {"title": "Load %d-%d", "organizationId": org_ids[0]}))),
            ("board.get (100)", "/mcp", lua_script("POST", env_headers, env("board.get", {"projectSlug": projects["small"]}))),
            ("board.get (20,000)", "/mcp", lua_script("POST", env_headers, env("board.get", {"projectSlug": projects["large"]}))),
            ("todos.search (100)", "/mcp", lua_script("POST", env_headers, env("todos.search", {"projectSlug": projects["small"], "query": "needle"}))),
            ("todos.search (20,000)", "/mcp", lua_script("POST", env_headers, env("todos.search", {"projectSlug": projects["large"], "query": "needle"}))),
            ("todos.create", "/mcp", lua_script("POST", env_headers, body_template=env("todos.create", {"projectSlug": projects["writes"], "title": "Load %d-%d"}))),
            ("login (rate-limited)", "/api/auth/login", lua_script("POST", {"Content-Type": "application/json", "X-Scrumboy": "1"},
                                                                   json.dumps({"email": "bench@example.com", "password": "password123"}))),
        ]
        if args.only:
            wanted = {n.strip() for n in args.only.split(",")}
            scenarios = [s for s in scenarios if s[0] in wanted or s[0].startswith("ceiling")]
        if args.trace:
            os.makedirs(args.trace, exist_ok=True)
        results = []
        print(f"scenarios: {args.connections} connections, {args.warmup} s warm-up, {args.duration} s each", flush=True)
        for name, path, script in scenarios:
            traced = args.trace if args.trace and not name.startswith("ceiling") else None
            results.append(run_wrk(server, name, path, script, args.duration, args.connections, args.warmup, traced))

        # password hashing alone: sequential successful logins of fresh users (each under its own limit)
        hash_ms = []
        for i in range(5):
            email = f"hash{i}@example.com"
            owner.request("POST", "/api/admin/users", {"email": email, "password": "password123", "name": "H"})
            c = Client(server.base)
            t = time.perf_counter()
            c.request("POST", "/api/auth/login", {"email": email, "password": "password123"}, headers={"X-Forwarded-For": f"192.0.2.{i}"})
            hash_ms.append((time.perf_counter() - t) * 1000)
        memory = server.memory_kb()
        managed = Client(server.base).request("GET", "/_probe/memory").json()
        print("server memory after the run (MiB): " + ", ".join(f"{k} {v}" for k, v in managed.items()), flush=True)
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

    if args.only:
        print(f"RSS after the run {memory.get('VmRSS', 0) / 1024:.0f} MB, peak {memory.get('VmHWM', 0) / 1024:.0f} MB (no report written with --only)")
        return
    write_report(args, results, sorted(hash_ms)[len(hash_ms) // 2], memory)


def write_report(args, results, login_ms, memory):
    by = {r["name"]: r for r in results}
    ceiling = by["ceiling: 1 query"]["rps"]
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    lines = [
        "# Benchmarks",
        "",
        f"Run: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC · machine: {os.cpu_count()} cores, {cpu}, "
        f"{platform.system()} {platform.release()} · Release build, embedded PostgreSQL, wrk -t2 -c{args.connections}, "
        f"{args.warmup} s warm-up + {args.duration} s per scenario (server and load generator share the machine).",
        "",
        f"Data: 3 organizations, {args.tasks} tasks; projects with {args.small_todos} and {args.large_todos} todos. "
        "Command: `bash build/bench.sh`.",
        "",
        "| scenario | req/s | % of 1-query ceiling | p50 ms | p90 ms | p99 ms | non-2xx | server CPU ms/req | server peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r['name']} | {r['rps']:.0f} | {100 * r['rps'] / ceiling:.0f} % | {r['p50_us'] / 1000:.2f} | {r['p90_us'] / 1000:.2f} | "
                     f"{r['p99_us'] / 1000:.2f} | {r['non2xx']} | {r['cpu_ms_per_req']:.3f} | {r['rss_mb']:.0f} |")
    lt = by["list_tasks"]["rps"] / ceiling
    b_ratio = by["board.get (20,000)"]["p50_us"] / max(1, by["board.get (100)"]["p50_us"])
    s_ratio = by["todos.search (20,000)"]["p50_us"] / max(1, by["todos.search (100)"]["p50_us"])
    rss_after = memory.get("VmRSS", 0) / 1024
    unexpected = [r["name"] for r in results if r["non2xx"] and not r["name"].startswith("login")]
    lines += [
        "",
        "Targets:",
        f"- `list_tasks` ≥ 25 % of the 1-query ceiling: **{100 * lt:.0f} %** ({'met' if lt >= 0.25 else 'not met'}).",
        f"- `board.get` 20,000 vs 100 todos, p50 latency ratio ≤ 1.5: **{b_ratio:.2f}** ({'met' if b_ratio <= 1.5 else 'not met'}).",
        f"- `todos.search` 20,000 vs 100 todos, p50 latency ratio ≤ 1.5: **{s_ratio:.2f}** ({'met' if s_ratio <= 1.5 else 'not met'}).",
        f"- server RSS after the run ≤ 250 MB: **{rss_after:.0f} MB** (peak {memory.get('VmHWM', 0) / 1024:.0f} MB) ({'met' if rss_after <= 250 else 'not met'}).",
        f"- no non-2xx except the rate-limited login: **{'met' if not unexpected else 'not met: ' + ', '.join(unexpected)}**.",
        f"- one successful login (PBKDF2 password hash, ASP.NET Core Identity V3) costs **{login_ms:.0f} ms** end to end, measured sequentially; "
        "the login scenario above mostly measures the rate limiter's 429 path after the first 10 attempts.",
        "",
    ]
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
