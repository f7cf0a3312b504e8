#!/usr/bin/env python3
"""Start-up, memory and warm-up of azgw's build flavours (JIT, ReadyToRun, NativeAOT) on the benchmark's job.

Each flavour serves the same folder of Gateway API YAML as bench/gateways.py (Gateway, HTTPRoute, BackendTLSPolicy,
backend mTLS to the same nginx backend) with the container image's runtime settings, gateway and backend on core 0,
wrk on core 1. Flavours are interleaved start by start, so a drift of the shared machine spreads over all of them.

- ready: from the process's start until the Gateway's frontend port accepts a TCP connection;
- RSS at ready: VmRSS at that moment;
- loaded starts: keep-alive load right after ready, as 5 s + 15 s + 10 s runs of wrk; the first 5 s against seconds
  20-30 give the warm-up ratio, peak RSS (VmHWM) is read after 20 s, and CPU per 10k requests over seconds 20-30.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import gateways  # noqa: E402  (the benchmark's certificates, backend, gateway config and load helpers)

# Ports of their own, so this can run while bench/gateways.py runs on the same machine.
gateways.FRONTEND_PORT, gateways.AZGW_HEALTH_PORT = 28443, 29090
gateways.BACKEND_PORT, gateways.BAD_CA_BACKEND_PORT, gateways.BAD_NAME_BACKEND_PORT = 29443, 29444, 29445


def main():
    args = parse_args()
    flavours = dict(pair.split("=", 1) for pair in args.flavour)
    work = Path(tempfile.mkdtemp(prefix="azgw-flavours-"))
    work.chmod(0o755)  # nginx workers drop root and must still read the backend's files
    certificates = gateways.Certificates(work / "certs")
    backend = gateways.Backend(work / "backend", certificates)
    cores = gateways.pinning()
    print(f"# work folder {work}; gateway and backend on core {cores.server}, load on core {cores.load}", flush=True)
    starts = {name: [] for name in flavours}
    loaded = {name: [] for name in flavours}
    with backend.running(cores.server):
        extra = flavour_environment(args.env)
        managed = {name: gateway(name, path, work, certificates, extra.get(name, {})) for name, path in flavours.items()}
        runnable = [name for name in flavours if serves(managed[name], cores)]
        for _ in range(args.starts):
            for name in runnable:
                starts[name].append(start(managed[name], cores, load_seconds=None, connections=args.connections, work=work))
                print(f"{name:>14} start  {summary(starts[name][-1])}", flush=True)
        for _ in range(args.loaded):
            for name in runnable:
                loaded[name].append(start(managed[name], cores, load_seconds=(5, 15, 10), connections=args.connections, work=work))
                print(f"{name:>14} loaded {summary(loaded[name][-1])}", flush=True)
    print()
    print(report(flavours, runnable, starts, loaded))
    for pair in args.env:
        print(f"- {pair.split(':', 1)[0]} ran with `{pair.split(':', 1)[1]}` on top of the image's settings")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flavour", action="append", required=True, metavar="NAME=PATH",
                        help="a published azgw: PATH is azgw.dll (run with dotnet) or the native azgw executable")
    parser.add_argument("--starts", type=int, default=10, help="unloaded starts per flavour (ready time, RSS at ready)")
    parser.add_argument("--loaded", type=int, default=3, help="starts per flavour followed by 30 s of keep-alive load")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--env", action="append", default=[], metavar="NAME:VARIABLE=VALUE",
                        help="an environment variable for one flavour on top of the image's, for A/B runs of runtime "
                             "settings (the same PATH may be given under two NAMEs)")
    return parser.parse_args()


def flavour_environment(pairs: list) -> dict:
    """`NAME:VARIABLE=VALUE` options as {NAME: {VARIABLE: VALUE}}."""
    result = {}
    for pair in pairs:
        name, setting = pair.split(":", 1)
        variable, value = setting.split("=", 1)
        result.setdefault(name, {})[variable] = value
    return result


def gateway(name: str, path: str, work: Path, certificates, extra_env: dict) -> gateways.Managed:
    """The benchmark's AzureGateway, run as the flavour runs: `dotnet azgw.dll` or the executable itself."""
    managed = gateways.azure_gateway(work / name, certificates, path, extra_env, metrics=True)
    managed.name = name
    return managed


def serves(managed: gateways.Managed, cores) -> bool:
    """One start and the benchmark's correctness check; a flavour that cannot serve is reported, not measured."""
    process = launch(managed, cores)
    try:
        if not wait_ready(process, managed.ready_port, timeout=60):
            print(f"# {managed.name} does not serve; from {managed.log}:\n{failure(managed.log)}", flush=True)
            return False
        gateways.check(managed)
        return True
    finally:
        stop(process, managed.ready_port)


def start(managed: gateways.Managed, cores, load_seconds, connections: int, work: Path) -> dict:
    began = time.monotonic()
    process = launch(managed, cores)
    try:
        if not wait_ready(process, managed.ready_port, timeout=60):
            sys.exit(f"{managed.name} stopped serving; see {managed.log}")
        result = {"ready_ms": (time.monotonic() - began) * 1000, "rss_ready": status_mib(process.pid, "VmRSS")}
        if load_seconds:
            first, middle, last = load_seconds
            url = f"https://127.0.0.1:{managed.ready_port}/"
            warm = gateways.load("wrk", url, [], first, connections, cores, work)
            gateways.load("wrk", url, [], middle, connections, cores, work)
            result["peak_rss"] = status_mib(process.pid, "VmHWM")
            cpu_before = gateways.cpu_seconds(process.pid)
            steady = gateways.load("wrk", url, [], last, connections, cores, work)
            steady.cpu = gateways.cpu_seconds(process.pid) - cpu_before
            result.update(first_rps=warm.rps, steady_rps=steady.rps, cpu_per_10k=steady.cpu_per_10k,
                          errors=warm.errors + steady.errors)
        return result
    finally:
        stop(process, managed.ready_port)


def launch(managed: gateways.Managed, cores) -> subprocess.Popen:
    with open(managed.log, "ab") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(["taskset", "-c", cores.server] + managed.command, env=dict(os.environ, **(managed.env or {})),
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_ready(process, port: int, timeout: float) -> bool:
    """Polls every 5 ms, so the ready time is exact to about that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.005)
    return False


def stop(process, port: int):
    try:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, 9)
        except ProcessLookupError:
            pass
        process.wait()
    gateways.wait_for_port_closed(port)


def status_mib(pid: int, field: str) -> float:
    """A /proc status field of the gateway; taskset has exec'd into it, so the pid is the gateway's."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def failure(log: Path) -> str:
    """The first exception's lines and the frames under it, which say what the flavour tripped on."""
    lines = Path(log).read_text(errors="replace").splitlines()
    first = next((i for i, line in enumerate(lines) if "Exception" in line), max(0, len(lines) - 15))
    return "\n".join(lines[first:first + 15])


def summary(result: dict) -> str:
    return "  ".join(f"{key} {value:.2f}" if isinstance(value, float) else f"{key} {value}" for key, value in result.items())


def spread(values, fmt="{:.0f}") -> str:
    if not values:
        return "—"
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def size_mib(path: str) -> float:
    folder = Path(path).parent
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and f.suffix not in (".pdb", ".dbg")) / 2**20


def report(flavours: dict, runnable: list, starts: dict, loaded: dict) -> str:
    lines = ["| flavour | size on disk MiB | ready ms | RSS at ready MiB | peak RSS MiB (20 s load) | first 5 s ÷ s 20–30 "
             "| steady req/s (s 20–30) | CPU s / 10k (s 20–30) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name in flavours:
        if name not in runnable:
            lines.append(f"| {name} | {size_mib(flavours[name]):.0f} | does not serve | | | | | |")
            continue
        everything = starts[name] + loaded[name]
        runs = loaded[name]
        lines.append(" | ".join([
            f"| {name}", f"{size_mib(flavours[name]):.0f}",
            spread([r["ready_ms"] for r in everything]),
            spread([r["rss_ready"] for r in everything]),
            spread([r["peak_rss"] for r in runs]),
            spread([r["first_rps"] / r["steady_rps"] for r in runs], "{:.2f}"),
            spread([r["steady_rps"] for r in runs]),
            spread([r["cpu_per_10k"] for r in runs], "{:.3f}") + " |"]))
    lines.append("")
    lines.append("Median (min–max) over the starts: ready and RSS at ready over every start, the rest over the loaded "
                 "starts. Size excludes symbol files (.pdb, .dbg).")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
