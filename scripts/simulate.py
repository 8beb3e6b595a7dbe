"""The claimant simulator (tests/simulator): every scenario's variants against one running system, then the report."""

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

from tests.e2e.conftest import Services
from tests.simulator.claimant import STYLES, Claimant, Conversation, Report, load_scenarios


def simulate(services: Services, scenarios: List[dict], workers: int = 3) -> Report:
    """Run every variant; those that stop a service run alone, after the others."""
    claimant = Claimant(services.rasa_url, services.api_url, services.env["RASA_TOKEN"], services)
    run_id = str(int(time.time()))
    faulty = [s for s in scenarios if any(step.get("fault") for step in s.get("steps", []))]
    calm = [s for s in scenarios if s not in faulty]
    jobs = [(scenario, style) for scenario in calm for style in STYLES]
    with ThreadPoolExecutor(workers) as pool:
        conversations: List[Conversation] = list(pool.map(lambda job: claimant.run(*job, run_id), jobs))
    conversations += [claimant.run(scenario, style, run_id) for scenario in faulty for style in STYLES]
    return Report(conversations)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="scenario names to run (default: all)")
    arguments = parser.parse_args()
    scenarios = [s for s in load_scenarios() if not arguments.only or s["name"] in arguments.only]
    with tempfile.TemporaryDirectory() as state:
        services = Services(Path(state))
        try:
            services.start_all()
            started = time.monotonic()
            report = simulate(services, scenarios)
            print(report.text())
            print(f"\n{time.monotonic() - started:.0f} s")
        finally:
            services.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
