"""`make bench-scale`: the scaled-out topology on one machine, checked and loaded through nginx, then stopped.

PostgreSQL (claims API + Rasa tracker store and conversation locks), Redis (socket.io message queue, WeChat state,
API rate limits), two Rasa replicas, two claims API replicas, one action server, two follow-up workers, one report
outbox drainer and nginx in front, all on 127.0.0.1 (docs/scale.md).
Run from the repository root: `.venv/api/bin/python -m scripts.scale_up [--users N] [--duration 60s] [--serve]`.
"""

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from string import Template
from typing import Dict, List

import httpx

from scripts.bench_load import recorded_claims, request_figures, run_locust
from scripts.conversation_race import RaceFigures, race
from scripts.run_services import (
    LOG_DIR,
    RASA_CLI,
    ROOT,
    STARTUP_TIMEOUT_SECONDS,
    Service,
    healthy,
    log_tail,
    migrate_database,
    rasa_token,
    shared_secret,
    stop,
)

PORTS = {
    "nginx": 56080,
    "api_1": 56000,
    "api_2": 56001,
    "rasa_1": 56005,
    "rasa_2": 56006,
    "actions": 56055,
    "redis": 56079,
    "postgres": 56010,
}
RUN_DIR = Path(tempfile.gettempdir()) / "claims-scale"
PG_ENV = {"PG_PORT": str(PORTS["postgres"]), "PG_DIR": "/tmp/pg-scale"}
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "claims.conf.template"
# All load comes from 127.0.0.1, so the per-address webhook limit is raised for the benchmark.
BENCH_WEBHOOK_RATE = {"WEBHOOK_RATE": "100r/s", "WEBHOOK_BURST": "200"}
# The race of quick messages over both replicas before the load (scripts/conversation_race.py).
RACE_CONVERSATIONS, RACE_AT_ONCE = 60, 4


def postgres_url(database: str) -> str:
    """Start the cluster if needed, create the database and return its psycopg 3 URL."""
    return subprocess.run(
        ["scripts/postgres.sh", "start"],
        cwd=ROOT,
        env={**os.environ, **PG_ENV, "PG_DATABASE": database},
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout.strip()


def stop_postgres() -> None:
    """Stop the cluster and delete its files."""
    subprocess.run(["scripts/postgres.sh", "stop"], cwd=ROOT, env={**os.environ, **PG_ENV}, check=False)


def render_nginx_config() -> None:
    """Write RUN_DIR/nginx.conf around deploy/nginx/claims.conf.template, for a foreground nginx in RUN_DIR."""
    address = {name: f"127.0.0.1:{port}" for name, port in PORTS.items()}
    site = Template(NGINX_TEMPLATE.read_text()).safe_substitute(
        API_1=address["api_1"],
        API_2=address["api_2"],
        RASA_1=address["rasa_1"],
        RASA_2=address["rasa_2"],
        NGINX_PORT=address["nginx"],
        **BENCH_WEBHOOK_RATE,
    )
    (RUN_DIR / "claims.conf").write_text(site)
    (RUN_DIR / "nginx.conf").write_text(f"""worker_processes 1;
pid {RUN_DIR}/nginx.pid;
error_log {LOG_DIR}/nginx_error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format upstream '$remote_addr "$request" $status $upstream_addr $request_time';
    access_log {LOG_DIR}/nginx_access.log upstream;
    client_body_temp_path {RUN_DIR}/body;
    proxy_temp_path {RUN_DIR}/proxy;
    fastcgi_temp_path {RUN_DIR}/fastcgi;
    uwsgi_temp_path {RUN_DIR}/uwsgi;
    scgi_temp_path {RUN_DIR}/scgi;
    include {RUN_DIR}/claims.conf;
}}
""")


def environment(database_url: str, tracker_url: str) -> Dict[str, str]:
    """What every process of the topology reads."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "RASA_TRACKER_DB_URL": tracker_url.replace("postgresql+psycopg://", "postgresql://"),
        "WECHAT_REDIS_URL": f"redis://127.0.0.1:{PORTS['redis']}/1",
        "SOCKETIO_REDIS_URL": f"redis://127.0.0.1:{PORTS['redis']}/2",
        "RATE_LIMIT_STORAGE_URL": f"redis://127.0.0.1:{PORTS['redis']}/3",
        "REST_REDIS_URL": f"redis://127.0.0.1:{PORTS['redis']}/4",
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{PORTS['actions']}/webhook",
        "CLAIMS_API_URL": f"http://127.0.0.1:{PORTS['nginx']}",
        # The one action server holds reports here while the claims API is down; the one drainer files them.
        "ACTIONS_OUTBOX_DB": str(RUN_DIR / "report_outbox.db"),
        "RASA_TOKEN": rasa_token(),
        "ACTION_SERVER_TOKEN": shared_secret("ACTION_SERVER_TOKEN"),
        # The action server makes every claimant's verification call from one address; the per-address limit on
        # public endpoints would throttle the whole load (nginx limits claimants at the edge instead).
        "RATE_LIMIT_PER_MINUTE": "6000",
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }


def services() -> List[Service]:
    """Every process with a health check, in start order (the second Rasa replica last)."""
    model = os.environ.get("RASA_MODEL", "models/claims.tar.gz")
    api = [
        Service(
            f"scale API {n}",
            "",
            PORTS[f"api_{n}"],
            [
                ".venv/api/bin/uvicorn",
                "api.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(PORTS[f"api_{n}"]),
                "--proxy-headers",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ],
            "/api/v1/health",
        )
        for n in (1, 2)
    ]
    rasa = [
        Service(
            f"scale Rasa {n}",
            "",
            PORTS[f"rasa_{n}"],
            [
                *RASA_CLI,
                "run",
                "--enable-api",
                "--auth-token",
                rasa_token(),
                "--port",
                str(PORTS[f"rasa_{n}"]),
                "--model",
                model,
                "--endpoints",
                "deploy/endpoints.scale.yml",
                "--credentials",
                "deploy/credentials.scale.yml",
            ],
            "/status?token=" + rasa_token(),
        )
        for n in (1, 2)
    ]
    actions = Service(
        "scale actions",
        "",
        PORTS["actions"],
        [".venv/actions/bin/python", "-m", "actions.server", "--actions", "actions", "--port", str(PORTS["actions"])],
        "/health",
    )
    nginx = Service(
        "scale nginx",
        "",
        PORTS["nginx"],
        [
            shutil.which("nginx") or "/usr/sbin/nginx",
            "-p",
            str(RUN_DIR),
            "-c",
            str(RUN_DIR / "nginx.conf"),
            "-g",
            "daemon off;",
        ],
        "/healthz",
    )
    return [*api, actions, nginx, *rasa]


def spawn(name: str, command: List[str], env: Dict[str, str]) -> subprocess.Popen:
    """Start one process in its own session, logging to var/log/<name>.log."""
    log = open(LOG_DIR / f"{name.replace(' ', '_')}.log", "w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_until_healthy(started: List[Service], processes: List[subprocess.Popen]) -> None:
    """Wait until every started service answers its health check; fail when a process dies or time runs out."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    for service in started:
        while not healthy(service):
            if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                raise RuntimeError(f"{service.name} did not start:\n{log_tail(service)}")
            time.sleep(2)


def start_topology(processes: List[subprocess.Popen]) -> None:
    """Start everything, appending each process to `processes` at once so that the caller can always stop them."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    env = environment(postgres_url("claims"), postgres_url("rasa_tracker"))
    processes.append(
        spawn(
            "scale redis",
            ["redis-server", "--port", str(PORTS["redis"]), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            env,
        )
    )
    migrate_database(env)
    render_nginx_config()
    (LOG_DIR / "nginx_access.log").unlink(missing_ok=True)  # the table counts this run's lines only
    *first, second_rasa = services()
    # The second Rasa replica waits for the first, which creates the tracker store's tables.
    for wave in (first, [second_rasa]):
        for service in wave:
            print(f"正在启动 {service.name} (starting) ...", flush=True)
            processes.append(spawn(service.name, service.command, env))
        wait_until_healthy(wave, processes)
    if (ROOT / "api" / "worker.py").exists():
        for n in (1, 2):
            print(f"正在启动 scale worker {n} (starting) ...", flush=True)
            processes.append(
                spawn(
                    f"scale worker {n}",
                    [".venv/api/bin/python", "-m", "api.worker"],
                    {**env, "RASA_URL": f"http://127.0.0.1:{PORTS[f'rasa_{n}']}"},
                )
            )
    else:
        print("api/worker.py 不存在，未启动回访 worker (no follow-up worker in this checkout).", flush=True)
    print("正在启动 scale report outbox (starting) ...", flush=True)
    processes.append(spawn("scale report outbox", [".venv/actions/bin/python", "-m", "actions.outbox"], env))


def race_over_replicas() -> Dict[str, Dict[str, object]]:
    """One claimant's quick messages spread over both Rasa replicas, unnumbered then numbered; what the trackers kept."""
    urls = [f"http://127.0.0.1:{PORTS[f'rasa_{n}']}" for n in (1, 2)]
    reports = {}
    for kind in ("unnumbered", "numbered"):
        prefix = f"scale-race-{kind}-{int(time.time())}"
        figures = asyncio.run(
            race(urls, rasa_token(), RACE_CONVERSATIONS, RACE_AT_ONCE, prefix, numbered=kind == "numbered")
        )
        print(
            f"  {figures.messages_sent} {kind} messages in {figures.conversations} conversations: {figures.lost} "
            f"lost, {figures.duplicated} duplicated, {len(figures.broken)} broken, {len(figures.reordered)} reordered",
            flush=True,
        )
        reports[kind] = race_report(figures)
    return reports


def race_report(figures: RaceFigures) -> Dict[str, object]:
    """One race's figures for the JSON report."""
    return {
        "conversations": figures.conversations,
        "messages_sent": figures.messages_sent,
        "lost": figures.lost,
        "duplicated": figures.duplicated,
        "failed_requests": figures.failed_requests,
        "broken": figures.broken,
        "reordered": figures.reordered,
        "clean": figures.clean,
    }


def sign_in_is_limited(nginx_url: str) -> bool:
    """Whether nginx answers 429 within ten quick sign-in attempts from one address (the API's own limit is raised)."""
    with httpx.Client(base_url=nginx_url, timeout=30) as client:
        return any(
            client.post("/api/v1/auth/token", data={"username": "nobody", "password": "wrong"}).status_code == 429
            for _ in range(10)
        )


def turns_per_replica() -> Dict[str, int]:
    """How many webhook turns nginx sent to each Rasa replica, from its access log."""
    counts = {f"127.0.0.1:{PORTS['rasa_1']}": 0, f"127.0.0.1:{PORTS['rasa_2']}": 0}
    log = LOG_DIR / "nginx_access.log"
    for line in log.read_text().splitlines() if log.exists() else []:
        for upstream in counts:
            counts[upstream] += "/webhooks/" in line and upstream in line
    return counts


def bench(users: int, duration: str, spawn_rate: float) -> Dict[str, object]:
    """Check the form across replicas, then run the Locust claimants through nginx and count claims."""
    nginx_url = f"http://127.0.0.1:{PORTS['nginx']}"
    print("一位伤者接连发的消息分到两个 Rasa 副本 (one claimant's quick messages over both replicas):", flush=True)
    race_report = race_over_replicas()
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        out = Path(scratch)
        exit_code = run_locust(nginx_url, users, spawn_rate, duration, out)
        reports_file = out / "reports.json"
        reports = json.loads(reports_file.read_text()) if reports_file.exists() else []
        requests = request_figures(out / "locust_stats.csv")
    claims = recorded_claims(nginx_url)
    sign_in_limited = sign_in_is_limited(nginx_url)
    return {
        "cpus": os.cpu_count(),
        "loadavg_before": load_before,
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "settings": {"users": users, "duration": duration, "spawn_rate": spawn_rate},
        "race": race_report,
        "turns_per_rasa_replica": turns_per_replica(),
        "sign_in_limited_by_nginx": sign_in_limited,
        "requests": requests,
        "locust_exit_code": exit_code,
        "reports_completed": len(reports),
        "claims_recorded": len(claims),
        "reports_without_claim": sorted(set(reports) - claims),
    }


def print_table(report: Dict[str, object]) -> None:
    """The figures as one table."""
    total = report["requests"]["Aggregated"]
    rows = [
        ("turns (Locust REST requests through nginx)", total["requests"]),
        ("errors", total["failures"]),
        ("p50 / p95 / p99 ms", f"{total['p50_ms']:.0f} / {total['p95_ms']:.0f} / {total['p99_ms']:.0f}"),
        ("turns per second", total["requests_per_second"]),
        ("reports completed", report["reports_completed"]),
        ("claims in the API", report["claims_recorded"]),
        *(
            row
            for kind, race in report["race"].items()
            for row in (
                (
                    f"race, {kind}: messages lost / duplicated",
                    f"{race['lost']} / {race['duplicated']} (of {race['messages_sent']})",
                ),
                (
                    f"race, {kind}: conversations broken / reordered",
                    f"{len(race['broken'])} / {len(race['reordered'])}",
                ),
            )
        ),
        ("sign-in limited by nginx (429)", "yes" if report["sign_in_limited_by_nginx"] else "NO"),
        ("webhook turns per Rasa replica", " / ".join(map(str, report["turns_per_rasa_replica"].values()))),
        (
            "load average before / after",
            f"{report['loadavg_before'][0]} / {report['loadavg_after'][0]} ({report['cpus']} CPUs)",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"\n{report['settings']['users']} claimants for {report['settings']['duration']} through nginx:")
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")


def main() -> None:
    """Start the topology, bench it (or serve until Ctrl-C), and stop everything whatever happens."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 10)))
    parser.add_argument("--duration", default=os.environ.get("LOAD_DURATION", "60s"))
    parser.add_argument("--spawn-rate", type=float, default=float(os.environ.get("LOAD_SPAWN_RATE", 2)))
    parser.add_argument("--serve", action="store_true", help="keep the topology running until Ctrl-C instead")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "scale.json")
    args = parser.parse_args()
    processes: List[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        start_topology(processes)
        print(f"\n全部启动 (all up): http://127.0.0.1:{PORTS['nginx']}/", flush=True)
        if args.serve:
            print("按 Ctrl-C 停止 (press Ctrl-C to stop).", flush=True)
            while all(p.poll() is None for p in processes):
                time.sleep(1)
            return
        report = bench(args.users, args.duration, args.spawn_rate)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
        print_table(report)
        print(f"Written to {args.out}")
        if (
            report["requests"]["Aggregated"]["failures"]
            or report["reports_without_claim"]
            or report["reports_completed"] != report["claims_recorded"]
            or not all(race["clean"] for race in report["race"].values())
            or not report["sign_in_limited_by_nginx"]
        ):
            sys.exit(
                "FAIL: errors, lost reports, messages lost or doubled across replicas or no rate limit (see the JSON)."
            )
    except KeyboardInterrupt:
        pass
    finally:
        print("正在停止 (stopping) ...", flush=True)
        stop(processes)
        stop_postgres()
        shutil.rmtree(RUN_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
