"""`make bench-load`: Locust claimants against a freshly started system, then check that no report was lost."""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, Set

import httpx

from scripts.bench_system import ROOT, our_services_memory, our_system

OUTPUT = ROOT / "var" / "bench" / "load.json"
LOCUST = str(ROOT / ".venv" / "bench" / "bin" / "locust")
DEV_AGENT = {"username": "agent", "password": "agent-dev-password"}
# Claimants still inside a report when time is up may finish it, so that every report they start is counted.
STOP_TIMEOUT_SECONDS = 300


def run_locust(rasa_url: str, users: int, spawn_rate: float, duration: str, out: Path) -> int:
    """Run the Locust file headless; returns Locust's exit code (1 when any request failed)."""
    env = dict(os.environ, LOAD_REPORTS_FILE=str(out / "reports.json"))
    return subprocess.run(
        [
            LOCUST,
            "-f",
            "tests/load/locustfile.py",
            "--headless",
            "--host",
            rasa_url,
            "--users",
            str(users),
            "--spawn-rate",
            str(spawn_rate),
            "--run-time",
            duration,
            "--stop-timeout",
            str(STOP_TIMEOUT_SECONDS),
            "--csv",
            str(out / "locust"),
            "--only-summary",
        ],
        cwd=ROOT,
        env=env,
    ).returncode


def request_figures(stats_csv: Path) -> Dict[str, dict]:
    """Requests, failures and latency per request name, from Locust's CSV statistics."""
    figures = {}
    with stats_csv.open() as rows:
        for row in csv.DictReader(rows):
            figures[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "requests_per_second": round(float(row["Requests/s"]), 2),
            }
    return figures


def recorded_claims(api_url: str) -> Set[str]:
    """Every claim number in the claims API, read as the development agent."""
    with httpx.Client(base_url=api_url, timeout=30) as client:
        token = client.post("/api/v1/auth/token", data=DEV_AGENT).raise_for_status().json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        numbers: Set[str] = set()
        while True:
            page = client.get("/api/v1/claims", params={"limit": 100, "offset": len(numbers)}).raise_for_status().json()
            numbers |= {claim["claim_number"] for claim in page["items"]}
            if not page["items"] or len(numbers) >= page["total"]:
                return numbers


def main() -> None:
    """Start the system, load it, compare the claims with the completed reports, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--users",
        type=int,
        default=int(os.environ.get("LOAD_USERS", 50)),
        help="concurrent claimants (LOAD_USERS, default 50)",
    )
    parser.add_argument(
        "--duration",
        default=os.environ.get("LOAD_DURATION", "5m"),
        help="how long to load, e.g. 60s or 5m (LOAD_DURATION, default 5m)",
    )
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=float(os.environ.get("LOAD_SPAWN_RATE", 5)),
        help="claimants started per second (LOAD_SPAWN_RATE, default 5)",
    )
    parser.add_argument("--out", type=Path, default=OUTPUT, help=f"JSON output (default {OUTPUT.relative_to(ROOT)})")
    args = parser.parse_args()
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch, our_system() as ports:
        out = Path(scratch)
        exit_code = run_locust(
            f"http://127.0.0.1:{ports['RASA_PORT']}", args.users, args.spawn_rate, args.duration, out
        )
        memory = our_services_memory(ports["launcher_pid"])
        # Locust writes no file when it could not start; then nothing was completed.
        reports_file = out / "reports.json"
        reports = json.loads(reports_file.read_text()) if reports_file.exists() else []
        claims = recorded_claims(f"http://127.0.0.1:{ports['API_PORT']}")
        requests = request_figures(out / "locust_stats.csv")
    total = requests["Aggregated"]
    report = {
        "started_at": started,
        "cpus": os.cpu_count(),
        "loadavg_before": load_before,
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "settings": {"users": args.users, "duration": args.duration, "spawn_rate": args.spawn_rate},
        "requests": requests,
        "locust_exit_code": exit_code,
        "memory_mb": memory,
        "reports_completed": len(reports),
        "claims_recorded": len(claims),
        "reports_without_claim": sorted(set(reports) - claims),
        "claims_without_report": sorted(claims - set(reports)),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(
        f"\n{args.users} claimants for {args.duration}: {total['requests']} requests, {total['failures']} failed, "
        f"{total['requests_per_second']} req/s, p50 {total['p50_ms']:.0f} ms, p95 {total['p95_ms']:.0f} ms, "
        f"p99 {total['p99_ms']:.0f} ms (load average {report['loadavg_after'][0]} on {report['cpus']} CPUs)"
    )
    print(f"Reports completed: {len(reports)}; claims in the claims API: {len(claims)}")
    print("RSS after the run: " + ", ".join(f"{name} {mb} MiB" for name, mb in memory.items()))
    print(f"Written to {args.out}")
    lost = report["reports_without_claim"] or report["claims_without_report"] or len(reports) != len(claims)
    if total["failures"] or exit_code or lost:
        print("FAIL: requests failed or reports and claims differ (see the JSON).", file=sys.stderr)
        sys.exit(1)
    print("PASS: no request failed and every completed report is a claim.")


if __name__ == "__main__":
    main()
