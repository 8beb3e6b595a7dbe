"""Start what the benchmarks measure (our system, the reference assistant) and read its resident memory."""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, Iterator, List

from scripts.run_services import free_port, stop_group, wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "bench" / "reference"
REFERENCE_MODEL = ROOT / "var" / "bench" / "reference" / "reference.tar.gz"
RASA = str(ROOT / ".venv" / "rasa" / "bin" / "rasa")
STARTUP_TIMEOUT_SECONDS = 420
QUIET_RASA = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def _interrupt(process: subprocess.Popen) -> None:
    """Stop a started process group the way Ctrl-C would, then for good."""
    stop_group(process, signal.SIGINT, timeout=60)


@contextlib.contextmanager
def our_system() -> Iterator[Dict[str, int]]:
    """The whole system via scripts/run_services.py on free ports and fresh temporary databases; yields the ports."""
    with tempfile.TemporaryDirectory(prefix="bench-system-") as state:
        ports = {name: free_port() for name in ("API_PORT", "ACTIONS_PORT", "RASA_PORT")}
        env = dict(
            os.environ,
            **{k: str(v) for k, v in ports.items()},
            DATABASE_URL=f"sqlite:///{state}/claims.db",
            RASA_TRACKER_DB=f"{state}/tracker.db",
            ACTIONS_OUTBOX_DB=f"{state}/report_outbox.db",
        )
        log = open(Path(state) / "launcher.log", "w")
        launcher = subprocess.Popen(
            [str(ROOT / ".venv/rasa/bin/python"), "-m", "scripts.run_services"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            try:
                wait_until_healthy(f"http://127.0.0.1:{ports['RASA_PORT']}/", launcher, STARTUP_TIMEOUT_SECONDS)
            except RuntimeError:
                print((Path(state) / "launcher.log").read_text()[-3000:], file=sys.stderr)
                raise
            yield dict(ports, launcher_pid=launcher.pid)
        finally:
            _interrupt(launcher)
            log.close()


def training_seconds() -> float:
    """Wall time of a full `rasa train --force` of our assistant from scratch into a throwaway folder."""
    with tempfile.TemporaryDirectory(prefix="bench-train-") as out:
        started = time.perf_counter()
        subprocess.run(
            [RASA, "train", "--force", "--out", out],
            cwd=ROOT,
            env=dict(os.environ, **QUIET_RASA),
            check=True,
            capture_output=True,
        )
        return round(time.perf_counter() - started, 1)


def train_reference() -> None:
    """Train the reference assistant into var/bench/reference (Rasa skips it when nothing changed)."""
    subprocess.run(
        [
            RASA,
            "train",
            "--config",
            str(REFERENCE / "config.yml"),
            "--domain",
            str(REFERENCE / "domain.yml"),
            "--data",
            str(REFERENCE / "data"),
            "--out",
            str(REFERENCE_MODEL.parent),
            "--fixed-model-name",
            "reference",
        ],
        cwd=ROOT,
        env=dict(os.environ, **QUIET_RASA),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def reference_assistant() -> Iterator[Dict[str, int]]:
    """The minimal Rasa assistant of the same version, served by `rasa run` (no action server); yields its port."""
    train_reference()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-reference-") as state:
        log = open(Path(state) / "rasa.log", "w")
        server = subprocess.Popen(
            [RASA, "run", "--model", str(REFERENCE_MODEL), "--port", str(port)],
            cwd=state,
            env=dict(os.environ, **QUIET_RASA),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}/", server, STARTUP_TIMEOUT_SECONDS)
            yield {"RASA_PORT": port, "pid": server.pid}
        finally:
            _interrupt(server)
            log.close()


def _parents() -> Dict[int, int]:
    """Parent pid of every visible process."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # The command name in parentheses may contain spaces: the fields after its closing one are fixed.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
    return parents


def process_tree(pid: int) -> List[int]:
    """The process and all its descendants."""
    parents = _parents()
    tree, frontier = [pid], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        tree += children
        frontier = children
    return tree


def command_line(pid: int) -> str:
    """A process's command line, spaces between the arguments."""
    with contextlib.suppress(OSError):
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return ""


def resident_mb(pid: int) -> float:
    """Resident memory (VmRSS) of a process and its descendants, in MiB."""
    total_kb = 0
    for member in process_tree(pid):
        with contextlib.suppress(OSError):
            for line in (Path("/proc") / str(member) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


def our_services_memory(launcher_pid: int) -> Dict[str, float]:
    """Resident memory of each service that scripts/run_services.py started, by name."""
    names = {"uvicorn": "claims API", "actions.server": "action server", "-m bot run": "Rasa server"}
    memory = {}
    for child in (c for c, parent in _parents().items() if parent == launcher_pid):
        name = next((n for marker, n in names.items() if marker in command_line(child)), None)
        if name:
            memory[name] = resident_mb(child)
    return memory
