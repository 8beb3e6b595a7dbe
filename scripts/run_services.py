"""Start the claims API, the action server, the Rasa server, the follow-up worker and the report outbox's drainer.

Stop them all on Ctrl-C. With --shell, the Rasa server is `rasa shell` in this terminal instead (`make shell`).
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional

from shared_config import DEFAULT_PORTS, DevSecretInProduction, secret

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / "var" / "log"
STARTUP_TIMEOUT_SECONDS = 600
# The secrets two services must agree on, handed to all; each service checks its own others (shared_config).
SHARED_SECRETS = ("RASA_TOKEN", "ACTION_SERVER_TOKEN")
# Rasa's own command line on patched Rasa (bot/__main__.py): every Rasa process of ours starts through it.
RASA_CLI = [".venv/rasa/bin/python", "-m", "bot"]


@dataclass
class Service:
    """One process of the system and how to tell it is healthy; a service without a port only has to keep running."""

    name: str
    port_variable: Optional[str]
    port: Optional[int]
    command: List[str]
    health_path: Optional[str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return LOG_DIR / f"{self.name.replace(' ', '_')}.log"


def shared_secret(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """A secret the services share (shared_config); in production a development default stops the launch."""
    try:
        return secret(name, environ)
    except DevSecretInProduction as refused:
        sys.exit(str(refused))


def rasa_token(environ: Mapping[str, str] = os.environ) -> str:
    """The token Rasa's HTTP API demands."""
    return shared_secret("RASA_TOKEN", environ)


def services(environ: Mapping[str, str] = os.environ) -> List[Service]:
    """The services, in start order: the worker delivers through Rasa; the drainer files reports the actions held."""
    api, actions, rasa = (int(environ.get(variable, default)) for variable, default in DEFAULT_PORTS.items())
    return [
        Service(
            "claims API",
            "API_PORT",
            api,
            [".venv/api/bin/uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", str(api)],
            "/api/v1/health",
        ),
        Service(
            "action server",
            "ACTIONS_PORT",
            actions,
            [".venv/actions/bin/python", "-m", "actions.server", "--actions", "actions", "--port", str(actions)],
            "/health",
        ),
        Service(
            "Rasa server",
            "RASA_PORT",
            rasa,
            [
                *RASA_CLI,
                "run",
                "--enable-api",
                "--auth-token",
                rasa_token(environ),
                "--cors",
                "*",
                "--port",
                str(rasa),
                "--model",
                environ.get("RASA_MODEL", "models/claims.tar.gz"),
                "--endpoints",
                "bot/endpoints.yml",
                "--credentials",
                "bot/credentials.yml",
            ],
            # /status answers once the model is loaded, and only with the token.
            f"/status?token={rasa_token(environ)}",
        ),
        Service("follow-up worker", None, None, [".venv/api/bin/python", "-m", "api.worker"], None),
        Service("report outbox", None, None, [".venv/actions/bin/python", "-m", "actions.outbox"], None),
    ]


def service_environment(environ: Mapping[str, str] = os.environ) -> Dict[str, str]:
    """Environment shared by the services, wiring them to each other's ports."""
    env = dict(environ)
    api, actions, rasa, *_ = services(environ)
    env.setdefault("CLAIMS_API_URL", api.url)
    env.setdefault("ACTION_ENDPOINT_URL", f"{actions.url}/webhook")
    env.setdefault("RASA_URL", rasa.url)
    for name in SHARED_SECRETS:
        env[name] = shared_secret(name, environ)
    env.setdefault("RASA_PUBLIC_URL", rasa.url)
    env.setdefault("RASA_TRACKER_DB", str(ROOT / "var" / "rasa_tracker.db"))
    # Shared by the action server, which holds reports while the claims API is down, and the drainer that files them.
    env.setdefault("ACTIONS_OUTBOX_DB", str(ROOT / "var" / "report_outbox.db"))
    # The action server must keep idle connections longer than Rasa's kept sessions reuse them (2 s,
    # bot/http_sessions.py), or Rasa sends a turn on a connection the server just closed and gets no reply.
    env.setdefault("SANIC_KEEP_ALIVE_TIMEOUT", "75")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


def free_port() -> int:
    """A TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 240) -> None:
    """Poll `url` until it answers 200, failing if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} not healthy after {timeout} s")


def port_in_use(port: int) -> bool:
    """Whether something already listens on the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return True
    return False


def healthy(service: Service) -> bool:
    """Whether the service answers its health check."""
    if service.health_path is None:
        return True
    try:
        with urllib.request.urlopen(service.url + service.health_path, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def log_tail(service: Service, lines: int = 20) -> str:
    """The last lines of a service's log."""
    path = service.log_path
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def migrate_database(env: Dict[str, str]) -> None:
    """Bring the claims database to the latest schema and seed the development agent."""
    subprocess.run([".venv/api/bin/alembic", "-c", "api/alembic.ini", "upgrade", "head"], cwd=ROOT, env=env, check=True)
    if env.get("APP_ENV", "development") == "development":
        subprocess.run([".venv/api/bin/python", "-m", "api.cli", "seed-dev"], cwd=ROOT, env=env, check=True)


def stop_group(process: subprocess.Popen, how: signal.Signals = signal.SIGTERM, timeout: float = 30) -> None:
    """Signal a started process group, then kill it if it has not ended within `timeout` seconds."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, how)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def stop(processes: List[subprocess.Popen]) -> None:
    """Stop every started process and its children."""
    for process in reversed(processes):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in reversed(processes):
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def start_all(processes: List[subprocess.Popen], wanted: List[Service]) -> None:
    """Start the wanted services one by one, each once the previous is healthy, adding each process to `processes`."""
    busy = [s for s in wanted if s.port is not None and port_in_use(s.port)]
    if busy:
        for s in busy:
            print(
                f"端口 {s.port} 已被占用，{s.name} 无法启动。请关闭占用它的程序，或设置 {s.port_variable}=其他端口。"
                f" (Port {s.port} for the {s.name} is in use: free it or set {s.port_variable}.)",
                file=sys.stderr,
            )
        sys.exit(2)
    env = service_environment()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    migrate_database(env)
    for service in wanted:
        processes.append(launch(service, env, service.log_path))
        print(f"正在启动 {service.name} (starting {service.name}) ...", flush=True)
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while not healthy(service):
            if processes[-1].poll() is not None or time.monotonic() > deadline:
                print(f"{service.name} 启动失败 (failed to start). 日志 (log):\n{log_tail(service)}", file=sys.stderr)
                sys.exit(1)
            time.sleep(1)


def launch(service: Service, env: Dict[str, str], log_path: Path) -> subprocess.Popen:
    """Start one service in a process group of its own, its output appended to `log_path`."""
    with open(log_path, "a") as log:
        return subprocess.Popen(
            service.command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def shell(processes: List[subprocess.Popen]) -> None:
    """The services but the Rasa server, and `rasa shell` on patched Rasa in this terminal until the claimant quits."""
    api, actions, rasa, *others = services()
    start_all(processes, [api, actions, *others])
    subprocess.run(
        [
            *RASA_CLI,
            "shell",
            "--port",
            str(rasa.port),
            "--endpoints",
            "bot/endpoints.yml",
            "--model",
            os.environ.get("RASA_MODEL", "models/claims.tar.gz"),
        ],
        cwd=ROOT,
        env=service_environment(),
    )


def main() -> None:
    """Run the system until Ctrl-C or until one service dies; whatever was started is stopped either way."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shell", action="store_true", help="talk to the bot in this terminal (rasa shell)")
    processes: List[subprocess.Popen] = []
    # Also SIGINT: a launcher started from a background job inherits SIGINT ignored and would not stop on Ctrl-C.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if parser.parse_args().shell:
            return shell(processes)
        start_all(processes, services())
        api, actions, rasa, *_ = services()
        print("\n全部服务已启动 (all services are up):", flush=True)
        print(f"  Rasa REST:     {rasa.url}/webhooks/rest/webhook")
        print(f"  Rasa socket.io: {rasa.url}/socket.io")
        print(f"  Rasa HTTP API: {rasa.url}/status")
        print(f"  Action server: {actions.url}/health")
        print(f"  Claims API:    {api.url}/docs")
        print(f"  网页聊天 (web chat): {api.url}/chat/")
        print(f"  坐席助手 (agent console): {api.url}/console/")
        print("按 Ctrl-C 停止 (press Ctrl-C to stop).", flush=True)
        while all(p.poll() is None for p in processes):
            time.sleep(1)
        dead = next(s for s, p in zip(services(), processes) if p.poll() is not None)
        print(f"{dead.name} 意外退出 (exited unexpectedly):\n{log_tail(dead)}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("\n正在停止所有服务 (stopping) ...", flush=True)
    finally:
        stop(processes)
    print("已全部停止 (all stopped).")


if __name__ == "__main__":
    main()
