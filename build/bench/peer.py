"""The Zuko-style peer (../shared/bench/zuko-peer, see its README) beside Platform in the benchmark: copied to
a temporary folder outside the repository, installed there (`install.sh`: npm ci), seeded with its own
`db-init.mjs` into its own database of Platform's cluster and started. Any failure leaves `Peer.skipped`
with the reason; the benchmark then runs without it."""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_SOURCE = os.path.abspath(os.path.join(ROOT, "..", "shared", "bench", "zuko-peer"))


class Peer:
    def __init__(self, source, database_url, port, tasks, orgs=3):
        self.skipped = None
        self.proc = None
        self.version = None
        self.base = f"http://127.0.0.1:{port}"
        self.work = tempfile.mkdtemp(prefix="zuko-peer-")
        try:
            self._start(source, database_url, port, tasks, orgs)
        except Exception as e:  # noqa: BLE001: any reason to skip is reported, never hidden
            self.skipped = str(e).strip().splitlines()[-1][:300] if str(e).strip() else type(e).__name__
            self.stop()

    def _run(self, args, env=None, timeout=600):
        r = subprocess.run(args, cwd=self.dir, env=env, capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({r.returncode}): {(r.stderr or r.stdout).strip()}")
        return r.stdout

    def _start(self, source, database_url, port, tasks, orgs):
        if not os.path.isdir(source):
            raise RuntimeError(f"no peer at {source}")
        for tool in ("node", "npm"):
            if shutil.which(tool) is None:
                raise RuntimeError(f"{tool} is not installed")
        self.dir = os.path.join(self.work, "zuko-peer")
        shutil.copytree(source, self.dir, ignore=shutil.ignore_patterns("node_modules", ".keys"))
        versions = self._run(["bash", "install.sh"])
        with open(os.path.join(self.dir, "package.json")) as f:
            package = json.load(f)
        deps = {line.split()[0]: line.split()[1] for line in versions.splitlines() if len(line.split()) == 2}
        node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        self.version = (f"{package['name']} {package['version']} (node {node}, "
                        + ", ".join(f"{k} {v}" for k, v in deps.items()) + ")")
        env = dict(os.environ, DATABASE_URL=database_url, PEER_PORT=str(port), PEER_HOST="127.0.0.1",
                   PEER_KEY_FILE=os.path.join(self.work, "es256.json"))
        self.seed_summary = self._run(["node", "db-init.mjs", "--orgs", str(orgs), "--tasks", str(tasks)], env=env).strip()
        self.log = open(os.path.join(self.work, "peer.log"), "w")
        self.proc = subprocess.Popen(["node", "server.mjs"], cwd=self.dir, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(120):
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("peer exited during start-up: " + open(self.log.name).read()[-300:])
            time.sleep(0.5)
        else:
            raise RuntimeError("peer did not become ready")
        req = urllib.request.Request(self.base + "/auth/dev/token", data=json.dumps({"sub": "1", "ttlSeconds": 86400}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(req, timeout=10) as r:
            self.token = json.loads(r.read())["access_token"]

    def cpu_ticks(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.work, ignore_errors=True)
