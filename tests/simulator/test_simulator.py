"""The claimant simulator as a test: every scenario not in known_gaps.yml passes all its variants; every listed one still fails."""

import pytest

from scripts.simulate import simulate
from tests.e2e.conftest import Services
from tests.simulator.claimant import load_known_gaps, load_scenarios


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One run of every scenario against one system start."""
    services = Services(tmp_path_factory.mktemp("simulator"))
    try:
        services.start_all()
        yield simulate(services, load_scenarios())
    finally:
        services.stop_all()


def test_every_known_gap_names_a_scenario_with_a_reason():
    names = {scenario["name"] for scenario in load_scenarios()}
    gaps = load_known_gaps()
    assert set(gaps) <= names
    assert all(isinstance(reason, str) and reason.strip() for reason in gaps.values())


def test_scenarios_pass_all_variants_except_the_known_gaps(report):
    print(report.text())
    failing = set(report.failing())
    gaps = set(load_known_gaps())
    # Left: scenarios that fail outside the list; right: listed ones that now pass (remove them from known_gaps.yml).
    assert (failing - gaps, gaps - failing) == (set(), set()), report.text()
