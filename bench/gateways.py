#!/usr/bin/env python3
"""AzureGateway, nginx and HAProxy doing the same backend-mTLS job on loopback, measured in interleaved rounds.

Every gateway terminates TLS for the same frontend certificate and proxies to the same backend over mutual TLS:
it presents a client certificate, verifies the backend against the CA with the name backend.local, sends that
name as SNI and reuses upstream connections. The backend is an nginx HTTPS server that requires a client
certificate from the client CA and answers a fixed small body (or 64 KiB on /64k). Gateway and backend share
core 0, the load generator runs on core 1.

Before measuring, each gateway is checked: the backend saw the gateway's client certificate and SNI, and a
backend with an untrusted CA or a wrong name is refused. Then, per round and gateway: start, warm up, run every
scenario, stop. The report gives medians of the rounds with min-max.
"""

import argparse
import http.client
import os
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

FRONTEND_PORT = 18443
BACKEND_PORT = 19443
BAD_CA_BACKEND_PORT = 19444
BAD_NAME_BACKEND_PORT = 19445
# AzureGateway's health port, as the Deployment gives it: with it the metrics are collected for /metrics, so the
# benchmark measures their cost too.
AZGW_HEALTH_PORT = 19090
BACKEND_NAME = "backend.local"
FRONTEND_NAME = "gateway.local"
CLK_TCK = os.sysconf("SC_CLK_TCK")

SCENARIOS = {
    # name: (tool, path, extra) — what each measures is in the README.
    "keep-alive": ("wrk", "/", []),
    "new-connection": ("wrk", "/", ["-H", "Connection: close"]),
    "http2": ("h2load", "/", []),
    "64KiB-body": ("wrk", "/64k", []),
}


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="azgw-bench-"))
    work.chmod(0o755)  # nginx workers drop root and must still read the backend's files
    try:
        certificates = Certificates(work / "certs")
        backend = Backend(work / "backend", certificates)
        gateways = [make(name, work, certificates, args) for name in args.gateways]
        cores = pinning()
        print(f"# work folder {work}; gateway and backend on core {cores.server}, load on core {cores.load}", flush=True)
        with backend.running(cores.server):
            for gateway in gateways:
                with gateway.running(cores.server):
                    check(gateway)
            results = {g.name: {s: [] for s in args.scenarios} for g in gateways}
            peaks = {g.name: [] for g in gateways}
            for round_number in range(1, args.rounds + 1):
                for gateway in gateways:
                    print(f"# round {round_number}/{args.rounds}: {gateway.name}", flush=True)
                    with gateway.running(cores.server) as process:
                        load("wrk", f"https://127.0.0.1:{FRONTEND_PORT}/", [], args.warmup, args.connections, cores, work)
                        for scenario in args.scenarios:
                            tool, path, extra = SCENARIOS[scenario]
                            before = cpu_seconds(process.pid)
                            measured = load(tool, f"https://127.0.0.1:{FRONTEND_PORT}{path}", extra, args.duration,
                                            args.connections, cores, work)
                            measured.cpu = cpu_seconds(process.pid) - before
                            results[gateway.name][scenario].append(measured)
                            print(f"  {scenario:15} {measured.summary()}", flush=True)
                        peaks[gateway.name].append(peak_rss_mib(process.pid))
        report = render(results, peaks, args)
        print(report)
        if args.report:
            Path(args.report).write_text(report)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--azgw", required=True, help="path of the published azgw.dll")
    parser.add_argument("--gateways", nargs="+", default=["azuregateway", "nginx", "haproxy"])
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS), choices=list(SCENARIOS))
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=60, help="seconds of keep-alive load before measuring")
    parser.add_argument("--duration", type=int, default=15, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--azgw-env", nargs="*", default=[], metavar="NAME=VALUE",
                        help="extra environment for AzureGateway, for A/B runs of runtime settings")
    parser.add_argument("--without-metrics", action="store_true",
                        help="run AzureGateway without its health port, so with no metrics collected, to measure what they cost")
    parser.add_argument("--quick", action="store_true", help="1 round, 3 s warm-up, 3 s per scenario: a smoke run")
    parser.add_argument("--report", help="also write the Markdown report to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (configs, certificates, logs)")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.warmup, args.duration = 1, 3, 3
    return args


# ---------------------------------------------------------------------------------------------- certificates

class Certificates:
    """ECDSA P-256 certificates made with openssl: one CA for servers, one for clients, and a stranger CA."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True)
        self.folder = folder
        self._ca("ca", "Bench Server CA")
        self._ca("client-ca", "Bench Client CA")
        self._ca("other-ca", "Bench Untrusted CA")
        self._leaf("frontend", "ca", FRONTEND_NAME, f"DNS:{FRONTEND_NAME}", "serverAuth")
        self._leaf("backend", "ca", BACKEND_NAME, f"DNS:{BACKEND_NAME}", "serverAuth")
        self._leaf("bad-ca-backend", "other-ca", BACKEND_NAME, f"DNS:{BACKEND_NAME}", "serverAuth")
        self._leaf("bad-name-backend", "ca", "wrong.local", "DNS:wrong.local", "serverAuth")
        self._leaf("client", "client-ca", "gateway-client", "DNS:gateway-client", "clientAuth")
        # HAProxy wants certificate and key in one file.
        for name in ("frontend", "client"):
            (folder / f"{name}.pem").write_text((folder / f"{name}.crt").read_text() + (folder / f"{name}.key").read_text())

    def path(self, name: str) -> str:
        return str(self.folder / name)

    def text(self, name: str) -> str:
        return (self.folder / name).read_text()

    def _key(self, name):
        run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", self.path(f"{name}.key")])

    def _ca(self, name, subject):
        self._key(name)
        run(["openssl", "req", "-x509", "-new", "-key", self.path(f"{name}.key"), "-subj", f"/CN={subject}", "-days", "30",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
             "-out", self.path(f"{name}.crt")])

    def _leaf(self, name, issuer, common_name, san, usage):
        self._key(name)
        run(["openssl", "req", "-new", "-key", self.path(f"{name}.key"), "-subj", f"/CN={common_name}", "-out", self.path(f"{name}.csr")])
        extensions = self.folder / f"{name}.ext"
        extensions.write_text(f"subjectAltName={san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage={usage}\n")
        run(["openssl", "x509", "-req", "-in", self.path(f"{name}.csr"), "-CA", self.path(f"{issuer}.crt"),
             "-CAkey", self.path(f"{issuer}.key"), "-CAcreateserial", "-days", "30", "-extfile", str(extensions),
             "-out", self.path(f"{name}.crt")])


# ---------------------------------------------------------------------------------------------- processes

@dataclass
class Cores:
    server: str
    load: str


def pinning() -> Cores:
    count = os.cpu_count() or 1
    return Cores("0", "1") if count >= 2 else Cores("0", "0")


class Managed:
    """A process started under taskset, stopped (with its children) when the block ends."""

    def __init__(self, name: str, command: list, log: Path, ready_port: int, env=None):
        self.name, self.command, self.log, self.ready_port, self.env = name, command, log, ready_port, env

    def running(self, core: str):
        return _Running(self, core)


class _Running:
    def __init__(self, managed: Managed, core: str):
        self.managed, self.core = managed, core

    def __enter__(self):
        m = self.managed
        env = dict(os.environ, **(m.env or {}))
        self.log = open(m.log, "ab")
        self.process = subprocess.Popen(["taskset", "-c", self.core] + m.command, stdout=self.log, stderr=subprocess.STDOUT,
                                        env=env, start_new_session=True)
        wait_for_port(m.ready_port, self.process, m.log)
        return self.process

    def __exit__(self, *exc):
        try:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, 9)
            self.process.wait()
        self.log.close()
        wait_for_port_closed(self.managed.ready_port)


def wait_for_port(port, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{process.args} exited with {process.returncode}; see {log}:\n{Path(log).read_text()[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    sys.exit(f"nothing listens on {port} after {timeout} s; see {log}")


def wait_for_port_closed(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.1)


def tree(pid: int) -> list:
    """The process and its descendants (nginx and HAProxy fork workers)."""
    pids, pending = [], [pid]
    while pending:
        current = pending.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            pending.extend(int(c) for c in children)
    return pids


def cpu_seconds(pid: int) -> float:
    total = 0
    for p in tree(pid):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


def peak_rss_mib(pid: int) -> float:
    """Sum of the peak resident sets (VmHWM) of the gateway's processes; the taskset wrapper has exec'd away."""
    total = 0
    for p in tree(pid):
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    return total / 1024


def run(command):
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------- servers

def nginx_process(name: str, folder: Path, http_block: str, error_level: str) -> Managed:
    """One nginx with one worker, no access log, whose http block is the given text."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nginx.conf").write_text(textwrap.dedent(f"""
        worker_processes 1;
        pid {folder}/nginx.pid;
        error_log {folder}/error.log {error_level};
        events {{ worker_connections 8192; }}
        http {{
            access_log off;
        """) + http_block + "\n}\n")
    return Managed(name, ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                   folder / "out.log", FRONTEND_PORT if name != "backend" else BACKEND_PORT)


class Backend:
    def __init__(self, folder: Path, c: Certificates):
        www = folder / "www"
        www.mkdir(parents=True)
        (www / "64k").write_bytes(b"x" * 65536)
        server = textwrap.dedent("""
            server {{
                listen 127.0.0.1:{port} ssl;
                ssl_certificate {cert};
                ssl_certificate_key {key};
                ssl_client_certificate {client_ca};
                ssl_verify_client on;
                keepalive_requests 10000000;
                location = /whoami {{ return 200 "$ssl_client_s_dn|$ssl_server_name\\n"; }}
                location = /64k {{ root {www}; }}
                location / {{ return 200 "hello from the backend\\n"; }}
            }}""")
        servers = "".join(server.format(port=port, cert=c.path(f"{name}.crt"), key=c.path(f"{name}.key"),
                                         client_ca=c.path("client-ca.crt"), www=www)
                          for port, name in ((BACKEND_PORT, "backend"), (BAD_CA_BACKEND_PORT, "bad-ca-backend"),
                                             (BAD_NAME_BACKEND_PORT, "bad-name-backend")))
        self.managed = nginx_process("backend", folder, "default_type application/octet-stream;\n" + servers, "warn")

    def running(self, core):
        return self.managed.running(core)


def make(name: str, work: Path, c: Certificates, args):
    folder = work / name
    if name == "nginx":
        return nginx_gateway(folder, c)
    if name == "haproxy":
        return haproxy_gateway(folder, c)
    if name == "azuregateway":
        return azure_gateway(folder, c, args.azgw, dict(pair.split("=", 1) for pair in args.azgw_env), not args.without_metrics)
    sys.exit(f"unknown gateway {name}")


def nginx_gateway(folder: Path, c: Certificates) -> Managed:
    def location(path, port):
        return textwrap.dedent(f"""
            location {path} {{
                proxy_pass https://upstream_{port};
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_ssl_certificate {c.path('client.crt')};
                proxy_ssl_certificate_key {c.path('client.key')};
                proxy_ssl_trusted_certificate {c.path('ca.crt')};
                proxy_ssl_verify on;
                proxy_ssl_verify_depth 2;
                proxy_ssl_name {BACKEND_NAME};
                proxy_ssl_server_name on;
                proxy_ssl_session_reuse on;
                proxy_ssl_protocols TLSv1.2 TLSv1.3;
            }}""")
    upstreams = "".join(f"upstream upstream_{p} {{ server 127.0.0.1:{p}; keepalive 64; keepalive_requests 10000000; }}\n"
                        for p in (BACKEND_PORT, BAD_CA_BACKEND_PORT, BAD_NAME_BACKEND_PORT))
    return nginx_process("nginx", folder, upstreams + textwrap.dedent(f"""
            server {{
                listen 127.0.0.1:{FRONTEND_PORT} ssl http2;
                ssl_certificate {c.path('frontend.crt')};
                ssl_certificate_key {c.path('frontend.key')};
                ssl_protocols TLSv1.2 TLSv1.3;
                keepalive_requests 10000000;
        """) + location("/", BACKEND_PORT) + location("/bad-ca", BAD_CA_BACKEND_PORT)
        + location("/bad-name", BAD_NAME_BACKEND_PORT) + "\n    }\n", "crit")


def haproxy_gateway(folder: Path, c: Certificates) -> Managed:
    folder.mkdir(parents=True)

    def backend(name, port):
        return textwrap.dedent(f"""
            backend {name}
                http-reuse always
                server s1 127.0.0.1:{port} ssl verify required ca-file {c.path('ca.crt')} crt {c.path('client.pem')} sni str({BACKEND_NAME}) verifyhost {BACKEND_NAME} alpn http/1.1
            """)
    config = textwrap.dedent(f"""
        global
            nbthread 1
            maxconn 4096
            tune.ssl.default-dh-param 2048
        defaults
            mode http
            timeout connect 5s
            timeout client 30s
            timeout server 30s
        frontend gateway
            bind 127.0.0.1:{FRONTEND_PORT} ssl crt {c.path('frontend.pem')} alpn h2,http/1.1 ssl-min-ver TLSv1.2
            use_backend bad_ca if {{ path_beg /bad-ca }}
            use_backend bad_name if {{ path_beg /bad-name }}
            default_backend main
        """) + backend("main", BACKEND_PORT) + backend("bad_ca", BAD_CA_BACKEND_PORT) + backend("bad_name", BAD_NAME_BACKEND_PORT)
    (folder / "haproxy.cfg").write_text(config)
    return Managed("haproxy", ["haproxy", "-db", "-f", str(folder / "haproxy.cfg")], folder / "out.log", FRONTEND_PORT)


DOCKERFILE = Path(__file__).resolve().parent.parent / "Dockerfile"


def container_environment(dockerfile: Path) -> dict:
    """The runtime settings the gateway's container image runs with: the final stage's `ENV NAME=VALUE` lines.

    Read from the Dockerfile so the benchmark and the image cannot drift apart. Both settings are environment-only
    (the runtime reads them before any code or runtimeconfig.json could); why each is there is said beside it in
    the Dockerfile. --azgw-env NAME= overrides either, e.g. to measure the defaults.
    """
    environment = {}
    for line in dockerfile.read_text().splitlines():
        if line.startswith("FROM "):
            environment = {}  # only the last stage's settings are the image's
        elif line.startswith("ENV "):
            name, _, value = line[len("ENV "):].strip().partition("=")
            environment[name] = value
    return environment


CONTAINER_ENVIRONMENT = container_environment(DOCKERFILE)


def azure_gateway(folder: Path, c: Certificates, azgw: str, extra_env: dict, metrics: bool) -> Managed:
    """The same job as Gateway API YAML: Gateway, HTTPRoute, Services with EndpointSlices, BackendTLSPolicies."""
    config = folder / "config"
    config.mkdir(parents=True)

    def secret(name, cert, key):
        return f"""apiVersion: v1
kind: Secret
metadata: {{name: {name}, namespace: bench}}
type: kubernetes.io/tls
stringData:
  tls.crt: |
{indent(c.text(cert))}
  tls.key: |
{indent(c.text(key))}
"""

    def service(name, port):
        return f"""apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: bench}}
spec:
  ports: [{{name: https, port: 443, targetPort: {port}}}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {{name: {name}, namespace: bench, labels: {{kubernetes.io/service-name: {name}}}}}
addressType: IPv4
ports: [{{name: https, port: {port}}}]
endpoints: [{{addresses: ["127.0.0.1"]}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {{name: {name}, namespace: bench}}
spec:
  targetRefs: [{{group: "", kind: Service, name: {name}}}]
  validation:
    caCertificateRefs: [{{group: "", kind: ConfigMap, name: backend-ca}}]
    hostname: {BACKEND_NAME}
"""
    documents = [
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: bench}\n",
        "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: bench}\n"
        "spec: {controllerName: azuregateway.io/gateway-controller}\n",
        f"""apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: bench, namespace: bench}}
spec:
  gatewayClassName: bench
  listeners:
  - name: https
    port: {FRONTEND_PORT}
    protocol: HTTPS
    tls: {{mode: Terminate, certificateRefs: [{{name: frontend}}]}}
  tls:
    backend:
      clientCertificateRef: {{name: gateway-client}}
""",
        f"""apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: bench, namespace: bench}}
spec:
  parentRefs: [{{name: bench}}]
  rules:
  - matches: [{{path: {{type: PathPrefix, value: /bad-ca}}}}]
    backendRefs: [{{name: bad-ca-backend, port: 443}}]
  - matches: [{{path: {{type: PathPrefix, value: /bad-name}}}}]
    backendRefs: [{{name: bad-name-backend, port: 443}}]
  - backendRefs: [{{name: backend, port: 443}}]
""",
        f"""apiVersion: v1
kind: ConfigMap
metadata: {{name: backend-ca, namespace: bench}}
data:
  ca.crt: |
{indent(c.text('ca.crt'))}
""",
        secret("frontend", "frontend.crt", "frontend.key"),
        secret("gateway-client", "client.crt", "client.key"),
        service("backend", BACKEND_PORT),
        service("bad-ca-backend", BAD_CA_BACKEND_PORT),
        service("bad-name-backend", BAD_NAME_BACKEND_PORT),
    ]
    (config / "bench.yaml").write_text("---\n".join(documents))
    return Managed("azuregateway",
                   ["dotnet", azgw, "run", "--config", str(config), "--listen-address", "127.0.0.1", "--log-level", "Warning",
                    *(["--health-port", str(AZGW_HEALTH_PORT)] if metrics else [])],
                   folder / "out.log", FRONTEND_PORT,
                   env={"DOTNET_CLI_TELEMETRY_OPTOUT": "1", **published(CONTAINER_ENVIRONMENT, Path(azgw).resolve().parent), **extra_env})


def published(environment: dict, directory: Path) -> dict:
    """The image's settings for a local publish: a path under the image's /app/ is the same file in the publish folder."""
    return {name: str(directory / value[len("/app/"):]) if value.startswith("/app/") else value
            for name, value in environment.items()}


def indent(text: str) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines())


# ---------------------------------------------------------------------------------------------- checks

def request(path: str) -> tuple:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", FRONTEND_PORT, context=context, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": FRONTEND_NAME})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def check(gateway: Managed):
    """The backend saw the gateway's client certificate and SNI; untrusted CA and wrong name are refused."""
    deadline = time.monotonic() + 30
    while True:
        status, body = request("/whoami")
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    subject, _, sni = body.strip().partition("|")
    problems = []
    if status != 200 or "CN=gateway-client" not in subject or sni != BACKEND_NAME:
        problems.append(f"/whoami answered {status} {body.strip()!r}: want the client certificate CN=gateway-client and SNI {BACKEND_NAME}")
    for path in ("/bad-ca", "/bad-name"):
        status, _ = request(path)
        if status < 500:
            problems.append(f"{path} answered {status}: a backend with {path[5:]} must be refused")
    if problems:
        sys.exit(f"{gateway.name} does not do the job:\n  " + "\n  ".join(problems))
    print(f"# {gateway.name}: backend saw {subject} with SNI {sni}; untrusted CA and wrong name refused", flush=True)


# ---------------------------------------------------------------------------------------------- load

@dataclass
class Measured:
    requests: int = 0
    seconds: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0
    cpu: float = 0.0

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_10k(self):
        return self.cpu / self.requests * 10000 if self.requests else float("nan")

    def summary(self):
        return (f"{self.rps:9.0f} req/s  p50 {self.p50_ms:6.2f} ms  p99 {self.p99_ms:6.2f} ms  "
                f"cpu {self.cpu_per_10k:5.2f} s/10k  errors {self.errors}")


def load(tool, url, extra, duration, connections, cores, work: Path) -> Measured:
    if tool == "wrk":
        command = ["taskset", "-c", cores.load, "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency",
                   "-H", f"Host: {FRONTEND_NAME}"] + extra + [url]
        return parse_wrk(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    log = work / "h2load.log"
    log.unlink(missing_ok=True)  # h2load appends to its log file
    command = ["taskset", "-c", cores.load, "h2load", "-c", str(connections), "-m", "10", "-D", str(duration),
               f"--log-file={log}", "-H", f":authority: {FRONTEND_NAME}", url]
    return parse_h2load(subprocess.run(command, check=True, capture_output=True, text=True).stdout, log, duration)


def parse_wrk(output: str) -> Measured:
    measured = Measured()
    lines = output.splitlines()
    for line in lines:
        words = line.split()
        if " requests in " in line:
            measured.requests = int(words[0])
            measured.seconds = duration_seconds(words[3].rstrip(","))
        elif words[:1] == ["50%"]:
            measured.p50_ms = duration_seconds(words[1]) * 1000
        elif words[:1] == ["99%"]:
            measured.p99_ms = duration_seconds(words[1]) * 1000
        elif line.strip().startswith("Non-2xx"):
            measured.errors += int(words[-1])
        elif line.strip().startswith("Socket errors"):
            measured.errors += sum(int(part.split()[-1]) for part in line.split(":", 1)[1].split(","))
    return measured


def parse_h2load(output: str, log: Path, duration: int) -> Measured:
    measured = Measured(seconds=float(duration))
    latencies = []
    for line in log.read_text().splitlines():
        _, status, micros = line.split("\t")
        latencies.append(int(micros) / 1000)
        if not status.startswith("2"):
            measured.errors += 1
    measured.requests = len(latencies)
    for line in output.splitlines():
        if line.startswith("finished in"):
            measured.seconds = duration_seconds(line.split()[2].rstrip(","))
        if line.startswith("requests:"):
            words = line.split()
            measured.errors += int(words[words.index("failed,") - 1]) + int(words[words.index("errored,") - 1])
    if latencies:
        latencies.sort()
        measured.p50_ms = latencies[len(latencies) // 2]
        measured.p99_ms = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return measured


def duration_seconds(text: str) -> float:
    for unit, factor in (("us", 1e-6), ("ms", 1e-3), ("m", 60.0), ("s", 1.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


# ---------------------------------------------------------------------------------------------- report

def render(results, peaks, args) -> str:
    gateways = list(results)
    lines = [
        f"Backend mTLS on loopback: {args.rounds} rounds, {args.warmup} s warm-up per gateway and round, {args.duration} s "
        f"per scenario, {args.connections} connections; gateway and backend on one core, load on the other. "
        "Medians of the rounds, min-max in brackets.",
        "",
        "| scenario | gateway | requests/s | p50 ms | p99 ms | CPU s / 10k req | peak RSS MiB | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for scenario in args.scenarios:
        for gateway in gateways:
            runs = results[gateway][scenario]
            lines.append(f"| {scenario} | {gateway} | {spread([r.rps for r in runs], '.0f')} | {median(r.p50_ms for r in runs):.2f} "
                         f"| {median(r.p99_ms for r in runs):.2f} | {median(r.cpu_per_10k for r in runs):.2f} "
                         f"| {median(peaks[gateway]):.0f} | {sum(r.errors for r in runs)} |")
    if "azuregateway" in results and len(gateways) > 1:
        lines += ["", "| scenario | AzureGateway req/s ÷ best peer | AzureGateway p99 ÷ best peer p99 | best peer |", "| --- | --- | --- | --- |"]
        for scenario in args.scenarios:
            ours = median(r.rps for r in results["azuregateway"][scenario])
            ours_p99 = median(r.p99_ms for r in results["azuregateway"][scenario])
            peers = {g: median(r.rps for r in results[g][scenario]) for g in gateways if g != "azuregateway"}
            best = max(peers, key=peers.get)
            best_p99 = median(r.p99_ms for r in results[best][scenario])
            lines.append(f"| {scenario} | {ours / peers[best]:.2f} | {ours_p99 / best_p99:.2f} | {best} |")
    return "\n".join(lines) + "\n"


def median(values) -> float:
    return statistics.median(list(values))


def spread(values, fmt) -> str:
    return f"{median(values):{fmt}} [{min(values):{fmt}}-{max(values):{fmt}}]"


if __name__ == "__main__":
    main()
