#!/usr/bin/env python3
"""AzureGateway, nginx and HAProxy doing the same backend-mTLS job on loopback, measured in interleaved rounds.

Every gateway terminates TLS for the same frontend certificate and proxies to the same backend over mutual TLS:
it presents a client certificate, verifies the backend against the CA with the name backend.local, sends that
name as SNI and reuses upstream connections. The backend is an nginx HTTPS server that requires a client
certificate from the client CA and answers a fixed small body (or 64 KiB on /64k). The grpc scenario adds a second
backend, AzureGateway's echo backend (the only one here that serves gRPC), with the same certificate and client CA.
Gateway and backends share core 0, the load generator runs on core 1.

Before measuring, each gateway is checked: the backend saw the gateway's client certificate and SNI, and a
backend with an untrusted CA or a wrong name is refused. Then, per round and gateway: start it fresh and load it
at once, counting requests per second (the cold start); then start it again, warm up, run every other scenario,
stop. The report gives medians of the rounds with min-max.
"""

import argparse
import contextlib
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
GRPC_BACKEND_PORT = 19446
# AzureGateway's health port, as the Deployment gives it: with it the metrics are collected for /metrics, so the
# benchmark measures their cost too.
AZGW_HEALTH_PORT = 19090
BACKEND_NAME = "backend.local"
FRONTEND_NAME = "gateway.local"
# The gRPC calls' :authority. AzureGateway keeps one route kind per hostname on a listener (the GRPCRoute spec), so
# its HTTPRoute takes FRONTEND_NAME and its GRPCRoute this name; nginx and HAProxy route by path alone.
GRPC_NAME = "grpc.local"
GRPC_SERVICE = "azuregateway.echo.v1.Echo"
CLK_TCK = os.sysconf("SC_CLK_TCK")

SCENARIOS = {
    # name: (tool, path, extra) — what each measures is in the README.
    "keep-alive": ("wrk", "/", []),
    "new-connection": ("wrk", "/", ["-H", "Connection: close"]),
    "http2": ("h2load", "/", []),
    "64KiB-body": ("wrk", "/64k", []),
    "grpc": ("h2load-grpc", f"/{GRPC_SERVICE}/Unary", []),
}
# Opt-in: they need a backend the default run does not start.
OPT_IN_SCENARIOS = {"grpc"}
# Keep-alive load on a gateway started fresh, counted per second; not in SCENARIOS because it needs its own start.
COLD_START = "cold-start"
PER_SECOND_SCRIPT = Path(__file__).resolve().parent / "per-second.lua"


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="azgw-bench-"))
    work.chmod(0o755)  # nginx workers drop root and must still read the backend's files
    try:
        certificates = Certificates(work / "certs")
        backends = [Backend(work / "backend", certificates)]
        if "grpc" in args.scenarios:
            backends.append(echo_backend(work / "grpc-backend", certificates, args.azgw))
        gateways = [make(name, work, certificates, args) for name in args.gateways]
        cores = pinning()
        print(f"# work folder {work}; gateway and backend on core {cores.server}, load on core {cores.load}", flush=True)
        with contextlib.ExitStack() as running_backends:
            for backend in backends:
                running_backends.enter_context(backend.running(cores.server))
            for gateway in gateways:
                with gateway.running(cores.server):
                    check(gateway, "grpc" in args.scenarios, work)
            warm_scenarios = [s for s in args.scenarios if s != COLD_START]
            results = {g.name: {s: [] for s in warm_scenarios} for g in gateways}
            cold_starts = {g.name: [] for g in gateways}
            peaks = {g.name: [] for g in gateways}
            for round_number in range(1, args.rounds + 1):
                for gateway in gateways:
                    print(f"# round {round_number}/{args.rounds}: {gateway.name}", flush=True)
                    if COLD_START in args.scenarios:
                        cold = cold_start(gateway, args.cold_seconds, args.connections, cores)
                        cold_starts[gateway.name].append(cold)
                        print(f"  {COLD_START:15} {cold.summary()}", flush=True)
                    if not warm_scenarios:
                        continue
                    with gateway.running(cores.server) as process:
                        load("wrk", f"https://127.0.0.1:{FRONTEND_PORT}/", [], args.warmup, args.connections, cores, work)
                        for scenario in warm_scenarios:
                            tool, path, extra = SCENARIOS[scenario]
                            before = cpu_seconds(process.pid)
                            measured = load(tool, f"https://127.0.0.1:{FRONTEND_PORT}{path}", extra, args.duration,
                                            args.connections, cores, work)
                            measured.cpu = cpu_seconds(process.pid) - before
                            results[gateway.name][scenario].append(measured)
                            print(f"  {scenario:15} {measured.summary()}", flush=True)
                        peaks[gateway.name].append(peak_rss_mib(process.pid))
        report = render(results, peaks, cold_starts, args)
        print(report)
        if args.report:
            Path(args.report).write_text(report)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--azgw", required=True, help="path of the published azgw.dll, or of a NativeAOT azgw executable")
    parser.add_argument("--gateways", nargs="+", default=["azuregateway", "nginx", "haproxy"])
    parser.add_argument("--scenarios", nargs="+", default=[COLD_START, *(s for s in SCENARIOS if s not in OPT_IN_SCENARIOS)],
                        choices=[COLD_START, *SCENARIOS], help="default: all but grpc, which starts the echo backend")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=60, help="seconds of keep-alive load before measuring")
    parser.add_argument("--duration", type=int, default=15, help="seconds per scenario")
    parser.add_argument("--cold-seconds", type=int, default=60, help="seconds of load counted per second in the cold start")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--azgw-env", nargs="*", default=[], metavar="NAME=VALUE",
                        help="extra environment for AzureGateway, for A/B runs of runtime settings")
    parser.add_argument("--azgw-flavour", default="jit",
                        help="a label for how azgw.dll was built (the report records it; it changes nothing run)")
    parser.add_argument("--without-metrics", action="store_true",
                        help="run AzureGateway without its health port, so with no metrics collected, to measure what they cost")
    parser.add_argument("--quick", action="store_true",
                        help="1 round, 3 s warm-up, 3 s per scenario, 5 s of cold start: a smoke run")
    parser.add_argument("--report", help="also write the Markdown report to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (configs, certificates, logs)")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.warmup, args.duration, args.cold_seconds = 1, 3, 3, 5
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
    """Starts the process and notes, on the monotonic clock, when it was started and when its port first accepted."""

    def __init__(self, managed: Managed, core: str):
        self.managed, self.core = managed, core

    def __enter__(self):
        m = self.managed
        env = dict(os.environ, **(m.env or {}))
        self.log = open(m.log, "ab")
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(["taskset", "-c", self.core] + m.command, stdout=self.log, stderr=subprocess.STDOUT,
                                        env=env, start_new_session=True)
        self.ready_at = wait_for_port(m.ready_port, self.process, m.log)
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


def wait_for_port(port, process, log, timeout=60) -> float:
    """The monotonic time the port first accepted a connection.

    Polled every 5 ms, which bounds the error of the cold start's ready time; a refused connect on loopback costs
    microseconds, so the polling takes nothing measurable from the starting process.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{process.args} exited with {process.returncode}; see {log}:\n{Path(log).read_text()[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return time.monotonic()
        time.sleep(0.005)
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


def echo_backend(folder: Path, c: Certificates, azgw: str) -> Managed:
    """AzureGateway's echo backend serving its gRPC echo: the bench's backend certificate, ALPN h2 (or http/1.1),
    and a client certificate from the client CA required, as the nginx backend requires it."""
    folder.mkdir(parents=True)
    return Managed("grpc-backend",
                   [*launcher(azgw), "echo-backend", "--port", str(GRPC_BACKEND_PORT), "--cert", c.path("backend.crt"),
                    "--key", c.path("backend.key"), "--client-ca", c.path("client-ca.crt"), "--name", "grpc-backend"],
                   folder / "out.log", GRPC_BACKEND_PORT, env={"DOTNET_CLI_TELEMETRY_OPTOUT": "1"})


def launcher(azgw: str) -> list:
    """A published azgw.dll runs on the shared runtime; a NativeAOT build is the executable itself."""
    return ["dotnet", azgw] if azgw.endswith(".dll") else [azgw]


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
    # gRPC: the same TLS settings through the grpc module, which speaks HTTP/2 (ALPN h2) to the backend.
    grpc_location = textwrap.dedent(f"""
            location /{GRPC_SERVICE}/ {{
                grpc_pass grpcs://upstream_{GRPC_BACKEND_PORT};
                grpc_ssl_certificate {c.path('client.crt')};
                grpc_ssl_certificate_key {c.path('client.key')};
                grpc_ssl_trusted_certificate {c.path('ca.crt')};
                grpc_ssl_verify on;
                grpc_ssl_verify_depth 2;
                grpc_ssl_name {BACKEND_NAME};
                grpc_ssl_server_name on;
                grpc_ssl_session_reuse on;
                grpc_ssl_protocols TLSv1.2 TLSv1.3;
            }}""")
    # nginx's grpc module carries one stream per upstream connection, so its pool must hold one per concurrent call
    # (32 connections × 10 streams); with 64 it closes the rest after each call and handshakes for the next.
    upstreams = "".join(f"upstream upstream_{p} {{ server 127.0.0.1:{p}; keepalive {pool}; keepalive_requests 10000000; }}\n"
                        for p, pool in ((BACKEND_PORT, 64), (BAD_CA_BACKEND_PORT, 64), (BAD_NAME_BACKEND_PORT, 64),
                                        (GRPC_BACKEND_PORT, 1024)))
    return nginx_process("nginx", folder, upstreams + textwrap.dedent(f"""
            server {{
                listen 127.0.0.1:{FRONTEND_PORT} ssl http2;
                ssl_certificate {c.path('frontend.crt')};
                ssl_certificate_key {c.path('frontend.key')};
                ssl_protocols TLSv1.2 TLSv1.3;
                keepalive_requests 10000000;
        """) + location("/", BACKEND_PORT) + location("/bad-ca", BAD_CA_BACKEND_PORT)
        + location("/bad-name", BAD_NAME_BACKEND_PORT) + grpc_location + "\n    }\n", "crit")


def haproxy_gateway(folder: Path, c: Certificates) -> Managed:
    folder.mkdir(parents=True)

    def backend(name, port, protocol="alpn http/1.1"):
        return textwrap.dedent(f"""
            backend {name}
                http-reuse always
                server s1 127.0.0.1:{port} ssl verify required ca-file {c.path('ca.crt')} crt {c.path('client.pem')} sni str({BACKEND_NAME}) verifyhost {BACKEND_NAME} {protocol}
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
            use_backend grpc if {{ path_beg /{GRPC_SERVICE}/ }}
            default_backend main
        """) + backend("main", BACKEND_PORT) + backend("bad_ca", BAD_CA_BACKEND_PORT) + backend("bad_name", BAD_NAME_BACKEND_PORT) \
        + backend("grpc", GRPC_BACKEND_PORT, "alpn h2 proto h2")
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
    """The same job as Gateway API YAML: Gateway, HTTPRoute, GRPCRoute, Services with EndpointSlices, BackendTLSPolicies."""
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

    def service(name, port, app_protocol=None):
        protocol = f", appProtocol: {app_protocol}" if app_protocol else ""
        return f"""apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: bench}}
spec:
  ports: [{{name: https, port: 443, targetPort: {port}{protocol}}}]
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
  hostnames: [{FRONTEND_NAME}]
  rules:
  - matches: [{{path: {{type: PathPrefix, value: /bad-ca}}}}]
    backendRefs: [{{name: bad-ca-backend, port: 443}}]
  - matches: [{{path: {{type: PathPrefix, value: /bad-name}}}}]
    backendRefs: [{{name: bad-name-backend, port: 443}}]
  - backendRefs: [{{name: backend, port: 443}}]
""",
        f"""apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {{name: bench, namespace: bench}}
spec:
  parentRefs: [{{name: bench}}]
  hostnames: [{GRPC_NAME}]
  rules:
  - matches: [{{method: {{service: {GRPC_SERVICE}}}}}]
    backendRefs: [{{name: grpc-backend, port: 443}}]
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
        # appProtocol grpc: HTTP/2 (ALPN h2) to the backend, which gRPC needs.
        service("grpc-backend", GRPC_BACKEND_PORT, "grpc"),
    ]
    (config / "bench.yaml").write_text("---\n".join(documents))
    return Managed("azuregateway",
                   [*launcher(azgw), "run", "--config", str(config), "--listen-address", "127.0.0.1", "--log-level", "Warning",
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


def check(gateway: Managed, grpc: bool, work: Path):
    """The backend saw the gateway's client certificate and SNI; untrusted CA and wrong name are refused.

    With grpc, one unary call through the gateway must also end with grpc-status 0 and a reply saying that the gRPC
    backend saw the client certificate and SNI over HTTP/2.
    """
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
    if grpc:
        problems += check_grpc(work)
    if problems:
        sys.exit(f"{gateway.name} does not do the job:\n  " + "\n  ".join(problems))
    print(f"# {gateway.name}: backend saw {subject} with SNI {sni}; untrusted CA and wrong name refused", flush=True)


def check_grpc(work: Path) -> list:
    """One unary call with curl (Python's standard library speaks no HTTP/2): the problems with its answer."""
    answer = subprocess.run(["curl", "-sS", "-k", "--http2", "--max-time", "10", "-D", "-", "-o", str(work / "grpc-reply.bin"),
                             "-H", f"Host: {GRPC_NAME}", "-H", "content-type: application/grpc", "-H", "te: trailers",
                             "--data-binary", f"@{grpc_request(work)}", f"https://127.0.0.1:{FRONTEND_PORT}/{GRPC_SERVICE}/Unary"],
                            capture_output=True, text=True)
    # curl writes the trailers after the headers, so grpc-status is in the dump either way.
    headers = {name.strip().lower(): value.strip() for name, _, value in
               (line.partition(":") for line in answer.stdout.splitlines() if ":" in line)}
    status_line = answer.stdout.splitlines()[0] if answer.stdout else answer.stderr.strip()
    if answer.returncode != 0 or " 200" not in status_line or headers.get("grpc-status") != "0":
        return [f"gRPC Unary answered {status_line!r} grpc-status {headers.get('grpc-status')} "
                f"{headers.get('grpc-message', '')!r}: want 200 and grpc-status 0"]
    reply = echo_reply((work / "grpc-reply.bin").read_bytes())
    seen = (reply.get(7, ""), reply.get(4, ""), reply.get(6, ""))  # client_certificate_subject, sni, http_version
    if "CN=gateway-client" not in seen[0] or seen[1] != BACKEND_NAME or seen[2] != "HTTP/2":
        return [f"gRPC backend saw client certificate {seen[0]!r}, SNI {seen[1]!r}, {seen[2]!r}: "
                f"want CN=gateway-client, {BACKEND_NAME}, HTTP/2"]
    print(f"# gRPC: grpc-status 0; backend saw {seen[0]} with SNI {seen[1]} over {seen[2]}", flush=True)
    return []


def grpc_request(work: Path) -> Path:
    """A gRPC message on the wire: uncompressed flag, 4-byte big-endian length, then EchoRequest{message: "hello"}
    serialized by hand (field 1, wire type 2: tag 0x0a, length, UTF-8 bytes)."""
    path = work / "grpc-request.bin"
    if not path.exists():
        message = b"hello"
        request_message = bytes([0x0A, len(message)]) + message
        path.write_bytes(b"\x00" + len(request_message).to_bytes(4, "big") + request_message)
    return path


def echo_reply(frame: bytes) -> dict:
    """The string fields of one EchoReply in a gRPC frame, by field number; the map (field 9) is skipped."""
    data, fields, at = frame[5:5 + int.from_bytes(frame[1:5], "big")], {}, 0

    def varint():
        nonlocal at
        value, shift = 0, 0
        while True:
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    while at < len(data):
        key = varint()
        number, wire_type = key >> 3, key & 7
        if wire_type == 2:
            length = varint()
            if number != 9:
                fields[number] = data[at:at + length].decode(errors="replace")
            at += length
        elif wire_type == 0:
            varint()
        else:
            break  # EchoReply has no other wire types
    return fields


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
    authority = FRONTEND_NAME
    if tool == "h2load-grpc":
        # h2load POSTs the -d file as each request's body. It records the HTTP status but not the grpc-status
        # trailer, so a call failed with HTTP 200 and a grpc-status (AzureGateway's way) is not counted as an error;
        # the checks made one call by hand that must end with grpc-status 0.
        authority = GRPC_NAME
        extra = ["-d", str(grpc_request(work)), "-H", "content-type: application/grpc", "-H", "te: trailers", *extra]
    command = ["taskset", "-c", cores.load, "h2load", "-c", str(connections), "-m", "10", "-D", str(duration),
               f"--log-file={log}", "-H", f":authority: {authority}", *extra, url]
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


@dataclass
class ColdStart:
    """A fresh gateway under keep-alive load from the moment its listener accepts, counted per second."""
    ready_ms: float
    per_second: list  # 2xx responses in each one-second slice after the listener first accepted
    errors: int

    def late_median(self) -> float:
        """The steady state when keep-alive did not run: slices 30–60, or the second half of a shorter run."""
        late = self.per_second[29:60] if len(self.per_second) >= 30 else self.per_second[len(self.per_second) // 2:]
        return median(late)

    def fractions(self, steady: float) -> list:
        return [count / steady for count in self.per_second]

    def reaches(self, steady: float, fraction=0.9):
        """The first second (1-based) with at least the fraction of the steady state, or None."""
        return next((second for second, count in enumerate(self.per_second, 1) if count >= fraction * steady), None)

    def summary(self):
        first = " ".join(f"{count:.0f}" for count in self.per_second[:5])
        return f"ready {self.ready_ms:6.0f} ms  req/s in seconds 1-5: {first}  late median {self.late_median():.0f}  errors {self.errors}"


def cold_start(gateway: Managed, seconds: int, connections: int, cores: Cores) -> ColdStart:
    """Starts the gateway with nothing warmed and loads it as soon as its listener accepts.

    The slices count from the moment the port accepted, so wrk's own start is inside the first one, as it would be
    for any client waiting on a readiness probe. wrk runs a second longer than counted so the last slice is whole.
    """
    running = gateway.running(cores.server)
    with running:
        command = ["taskset", "-c", cores.load, "wrk", "-t1", f"-c{connections}", f"-d{seconds + 1}s",
                   "-H", f"Host: {FRONTEND_NAME}", "-s", str(PER_SECOND_SCRIPT),
                   f"https://127.0.0.1:{FRONTEND_PORT}/", "--", repr(running.ready_at)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    counts = {}
    for line in output.splitlines():
        if line.startswith("slice "):
            _, slice_number, count = line.split()
            counts[int(slice_number)] = int(count)
    return ColdStart(ready_ms=(running.ready_at - running.started_at) * 1000,
                     per_second=[counts.get(n, 0) for n in range(1, seconds + 1)], errors=parse_wrk(output).errors)


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

def render(results, peaks, cold_starts, args) -> str:
    gateways = list(results)
    warm_scenarios = list(next(iter(results.values())))
    lines = [
        f"Backend mTLS on loopback: {args.rounds} rounds, {args.warmup} s warm-up per gateway and round, {args.duration} s "
        f"per scenario, {args.connections} connections; gateway and backend on one core, load on the other. "
        "Medians of the rounds, min-max in brackets.",
        "",
        *azure_gateway_settings(args),
    ]
    if warm_scenarios:
        lines += render_warm(results, peaks, warm_scenarios)
    if COLD_START in args.scenarios:
        lines += render_cold(results, cold_starts, args)
    return "\n".join(lines) + "\n"


def azure_gateway_settings(args) -> list:
    """What the AzureGateway numbers belong to: how it was built and the runtime settings it ran with."""
    settings = ", ".join(f"`{name}={value}`" for name, value in CONTAINER_ENVIRONMENT.items())
    overrides = ", ".join(f"`{pair}`" for pair in args.azgw_env) or "none"
    return [f"AzureGateway build flavour: {args.azgw_flavour}; runtime settings (the Dockerfile's ENV, `/app/` meaning the "
            f"publish folder): {settings}; --azgw-env overrides: {overrides}; metrics "
            f"{'off' if args.without_metrics else 'on'}.", ""]


def render_warm(results, peaks, scenarios) -> list:
    gateways = list(results)
    lines = [
        "| scenario | gateway | requests/s | p50 ms | p99 ms | CPU s / 10k req | peak RSS MiB | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for scenario in scenarios:
        for gateway in gateways:
            runs = results[gateway][scenario]
            lines.append(f"| {scenario} | {gateway} | {spread([r.rps for r in runs], '.0f')} | {median(r.p50_ms for r in runs):.2f} "
                         f"| {median(r.p99_ms for r in runs):.2f} | {median(r.cpu_per_10k for r in runs):.2f} "
                         f"| {median(peaks[gateway]):.0f} | {sum(r.errors for r in runs)} |")
    if "azuregateway" in results and len(gateways) > 1:
        lines += ["", "| scenario | AzureGateway req/s ÷ best peer | AzureGateway p99 ÷ best peer p99 | best peer |", "| --- | --- | --- | --- |"]
        for scenario in scenarios:
            ours = median(r.rps for r in results["azuregateway"][scenario])
            ours_p99 = median(r.p99_ms for r in results["azuregateway"][scenario])
            peers = {g: median(r.rps for r in results[g][scenario]) for g in gateways if g != "azuregateway"}
            best = max(peers, key=peers.get)
            best_p99 = median(r.p99_ms for r in results[best][scenario])
            lines.append(f"| {scenario} | {ours / peers[best]:.2f} | {ours_p99 / best_p99:.2f} | {best} |")
    return lines


def steady_states(results, cold_starts, gateway) -> tuple:
    """Per round, the gateway's steady state to compare its cold start with, and where it came from.

    The keep-alive scenario of the same round when it ran (same load, the gateway warmed up), else the cold start's
    own late slices.
    """
    keep_alive = results[gateway].get("keep-alive")
    if keep_alive:
        return [r.rps for r in keep_alive], "keep-alive req/s of the same round"
    return [c.late_median() for c in cold_starts[gateway]], "median of the cold start's slices 30–60 (second half if shorter)"


def render_cold(results, cold_starts, args) -> list:
    """Per gateway: ready time and the first five seconds as fractions of its own steady state (medians of the rounds)."""
    gateways = list(results)
    seconds = min(5, args.cold_seconds)
    # Only against a separately measured steady state do the late slices tell what the per-second counting costs.
    check_counting = "keep-alive" in args.scenarios
    rows = {}
    for gateway in gateways:
        steadies, source = steady_states(results, cold_starts, gateway)
        runs = list(zip(cold_starts[gateway], steadies))
        reached = [c.reaches(steady) or args.cold_seconds + 1 for c, steady in runs]
        rows[gateway] = {
            "ready": median(c.ready_ms for c, _ in runs),
            "fractions": [median(c.fractions(steady)[i] for c, steady in runs) for i in range(seconds)],
            "first": median(statistics.mean(c.fractions(steady)[:seconds]) for c, steady in runs),
            "first_rps": median(statistics.mean(c.per_second[:seconds]) for c, _ in runs),
            "late": median(c.late_median() / steady for c, steady in runs),
            "first_late": median(statistics.mean(c.per_second[:seconds]) / c.late_median() for c, _ in runs),
            "reached_late": median(c.reaches(c.late_median()) or args.cold_seconds + 1 for c, _ in runs),
            "reached": median(reached),
            "steady": median(steadies),
            "errors": sum(c.errors for c, _ in runs),
        }
    per_second = " | ".join(f"s{n} ÷ steady" for n in range(1, seconds + 1))
    lines = [
        "",
        f"Cold start: each gateway started fresh (no warm-up; the page cache is warm from the checks) and loaded with "
        f"keep-alive wrk from the moment its port accepted, {args.cold_seconds} s counted per second. Ready ms is process "
        f"start to first accepted TCP connection. Steady state: {source}."
        + (" Late slices: the median of slices 30–60 (the second half if shorter) ÷ steady state, how close the "
           "per-second counting comes to plain wrk." if check_counting else ""),
        "",
        f"| gateway | ready ms | {per_second} | first {seconds} s ÷ steady | reaches 0.9× at second "
        + ("| late slices ÷ steady " if check_counting else "") + "| steady req/s | errors |",
        "| --- | --- | " + "--- | " * seconds + "--- | --- | " + ("--- | " if check_counting else "") + "--- | --- |",
    ]
    for gateway, row in rows.items():
        fractions = " | ".join(f"{f:.2f}" for f in row["fractions"])
        late = f"| {row['late']:.2f} " if check_counting else ""
        lines.append(f"| {gateway} | {row['ready']:.0f} | {fractions} | {row['first']:.2f} | {reached_text(row['reached'], args)} "
                     f"{late}| {row['steady']:.0f} | {row['errors']} |")
    if "azuregateway" in rows and len(rows) > 1:
        lines += [
            "",
            "| cold start | " + " | ".join(rows) + " | target |",
            "| --- | " + "--- | " * len(rows) + "--- |",
            "| ready ms | " + " | ".join(f"{rows[g]['ready']:.0f}" for g in rows) + " | ≤ 500 |",
            f"| first {seconds} s ÷ own steady state | " + " | ".join(f"{rows[g]['first']:.2f}" for g in rows) + " | ≥ 0.9 |",
            "| reaches 0.9× at second | " + " | ".join(reached_text(rows[g]["reached"], args) for g in rows) + " | |",
        ]
        if check_counting:
            # A keep-alive scenario after a short warm-up can still be warming up (a JIT's later tiers); the cold
            # start's own late slices are then the truer steady state, so both are shown.
            lines += [
                f"| first {seconds} s ÷ own {late_slices(args)} | " + " | ".join(f"{rows[g]['first_late']:.2f}" for g in rows) + " | ≥ 0.9 |",
                f"| reaches 0.9× of {late_slices(args)} at second | "
                + " | ".join(reached_text(rows[g]["reached_late"], args) for g in rows) + " | |",
            ]
        lines += [
            f"| AzureGateway's first {seconds} s req/s ÷ peer's | "
            + " | ".join(f"{rows['azuregateway']['first_rps'] / rows[g]['first_rps']:.2f}" for g in rows) + " | |",
        ]
    # Every slice of every round, so a reader can tell a slow start from a noisy machine.
    lines += ["", "Requests per one-second slice, each round:", "", "```"]
    lines += [f"{gateway:12} round {n}: {' '.join(str(count) for count in c.per_second)}"
              for gateway in gateways for n, c in enumerate(cold_starts[gateway], 1)]
    return lines + ["```"]


def late_slices(args) -> str:
    """What ColdStart.late_median took for this run's length."""
    return "slices 30–60" if args.cold_seconds >= 30 else "second half of the slices"


def reached_text(second: float, args) -> str:
    return f"not in {args.cold_seconds} s" if second > args.cold_seconds else f"{second:g}"


def median(values) -> float:
    return statistics.median(list(values))


def spread(values, fmt) -> str:
    return f"{median(values):{fmt}} [{min(values):{fmt}}-{max(values):{fmt}}]"


if __name__ == "__main__":
    main()
