"""A scripted claimant (τ-bench style): answers whatever the assistant asks from a scenario's facts, then is judged."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import httpx
import yaml

SCENARIOS = Path(__file__).parent / "scenarios"
KNOWN_GAPS = Path(__file__).parent / "known_gaps.yml"
STYLES = ("search", "story", "typo", "traditional")
SERVICE = {"X-Service-Key": "dev-service-key"}
REPORT_SLOTS = (
    "accident_time accident_place driver_name plate_number accident_description police_reported injuries "
    "taken_to_hospital hospital vehicle_damage reporter_name phone"
).split()
# Questions outside a form, recognised by their wording, and the fact that answers them.
OFFERS = {
    "核对一下": "confirm",
    "帮您把垫付申请记下来": "accept_advance",
    "要试试吗": "accept_estimate",
    "最想先解决哪件事": "next_step",
    "您是想问下面哪一个": "clarify",
    "您是想问“": "clarify",
    "需要的话，我可以": "accept_offer",
}
# Offers a claimant may let pass: the answer came already, the offer is only more help.
OPTIONAL_OFFERS = frozenset({"accept_offer"})
CLAIM_NUMBER = re.compile(r"RPT\d{14}")
MAX_TURNS = 30


@dataclass
class Conversation:
    """What one variant of a scenario did: the turns, what the claimant stated, the bot's questions and replies."""

    scenario: str
    style: str
    sender: str
    turns: int = 0
    replies: List[str] = field(default_factory=list)
    asked: List[Optional[str]] = field(default_factory=list)
    re_asks: List[str] = field(default_factory=list)
    report_turns: Optional[int] = None
    report_budget: Optional[int] = None
    failures: List[str] = field(default_factory=list)

    @property
    def loops(self) -> int:
        """How often the same question came three times in a row."""
        return sum(1 for a, b, c in zip(self.asked, self.asked[1:], self.asked[2:]) if a is not None and a == b == c)

    @property
    def passed(self) -> bool:
        return not self.failures and not self.re_asks and not self.loops and self.report_in_budget is not False

    @property
    def report_in_budget(self) -> Optional[bool]:
        if self.report_budget is None:
            return None
        return self.report_turns is not None and self.report_turns <= self.report_budget


def load_scenarios() -> List[dict]:
    """Every scenario of every file in scenarios/, in file order."""
    scenarios = []
    for path in sorted(SCENARIOS.glob("*.yml")):
        scenarios.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return scenarios


def load_known_gaps() -> Dict[str, str]:
    """The scenarios known to fail today, each with its one-line reason."""
    return yaml.safe_load(KNOWN_GAPS.read_text(encoding="utf-8")) or {}


def answer_for(facts: dict, key: str, style: str) -> Optional[str]:
    """The fact in the variant's style: a plain value, or one value per style with a default."""
    value = facts.get(key)
    if isinstance(value, dict):
        return value.get(style, value.get("default"))
    return value


class Claimant:
    """Talks to a running system through the REST channel and reads the tracker's requested slot after each turn."""

    def __init__(self, rasa_url: str, api_url: str, token: str, services=None) -> None:
        self.rasa = httpx.Client(base_url=rasa_url, timeout=60)
        self.api = httpx.Client(base_url=api_url, headers=SERVICE, timeout=30)
        self.token = token
        self.services = services

    def say(self, conversation: Conversation, text: str) -> List[str]:
        response = self.rasa.post("/webhooks/rest/webhook", json={"sender": conversation.sender, "message": text})
        response.raise_for_status()
        texts = [message.get("text") or "" for message in response.json()]
        conversation.turns += 1
        conversation.replies.extend(texts)
        return texts

    def tracker(self, sender: str) -> dict:
        response = self.rasa.get(f"/conversations/{sender}/tracker", params={"token": self.token})
        response.raise_for_status()
        return response.json()

    def run(self, scenario: dict, style: str, run_id: str) -> Conversation:
        """Play one variant to its end and judge it."""
        conversation = Conversation(scenario["name"], style, f"sim-{run_id}-{scenario['name']}-{style}")
        try:
            self._play(scenario, style, conversation)
            self._judge(scenario, conversation)
        except httpx.HTTPError as error:
            conversation.failures.append(f"HTTP error: {error}")
        return conversation

    def _play(self, scenario: dict, style: str, conversation: Conversation) -> None:
        facts = dict(scenario.get("facts", {}))
        steps = {step["at"]: step for step in scenario.get("steps", [])}
        variant = scenario["variants"][style]
        if scenario.get("open_claim"):
            facts["claim_number"] = self._open_claim(conversation.sender, scenario["open_claim"])
        stated = set(variant.get("states", []))
        unsaid = [slot for slot in REPORT_SLOTS if slot not in stated]
        if scenario.get("report"):
            conversation.report_budget = len(unsaid) + 2
        scripted = 0
        last = self.say(conversation, variant["text"])
        while conversation.turns < MAX_TURNS:
            if scenario.get("report") and conversation.report_turns is None and CLAIM_NUMBER.search("".join(last)):
                conversation.report_turns = conversation.turns - scripted
            asked = self.tracker(conversation.sender)["slots"].get("requested_slot")
            question = asked or next((fact for cue, fact in OFFERS.items() if last and cue in last[-1]), None)
            conversation.asked.append(question)
            if question is None:
                return
            if asked in stated and asked not in steps and asked not in conversation.re_asks:
                conversation.re_asks.append(asked)
            if conversation.loops:
                return
            step = steps.pop(question, None)
            if step is not None:
                # A step that states a new fact saves its question later; a correction of a given one is a turn more.
                scripted += len(step["say"]) - (1 if set(step.get("states", [])) - stated else 0)
                for text in step["say"][:-1]:
                    self.say(conversation, text)
                    conversation.asked.append(None)
                if step.get("fault"):
                    self.services.stop(step["fault"])
                try:
                    last = self.say(conversation, step["say"][-1])
                finally:
                    if step.get("fault"):
                        self.services.start(step["fault"])
                stated.update(step.get("states", []))
                facts.update(step.get("facts", {}))
                if step.get("ends"):
                    return
                continue
            reply = answer_for(facts, question, style)
            if reply is None and question in OPTIONAL_OFFERS:
                return
            if reply is None:
                conversation.failures.append(f"asked for {question}, which the claimant has no fact for")
                return
            last = self.say(conversation, reply)
            stated.add(question)
        conversation.failures.append(f"no end after {MAX_TURNS} turns")

    def _open_claim(self, sender: str, claim: dict) -> str:
        """A claim reported earlier in this conversation; returns its number."""
        response = self.api.post("/api/v1/claims", json=dict(claim, conversation_id=sender, channel="rest"))
        response.raise_for_status()
        return response.json()["claim_number"]

    def _judge(self, scenario: dict, conversation: Conversation) -> None:
        """Compare the claims API's end state and the bot's statements with what the scenario expects."""
        expect = scenario.get("expect", {})
        said = "\n".join(conversation.replies)
        for statement in expect.get("says", []):
            # A list is alternatives: any one of them will do.
            if not any(option in said for option in ([statement] if isinstance(statement, str) else statement)):
                conversation.failures.append(f"never said {statement!r}")
        for statement in expect.get("never_says", []):
            if statement in said:
                conversation.failures.append(f"said {statement!r}")
        if "claim" in expect or "materials" in expect:
            numbers = CLAIM_NUMBER.findall(said)
            if not numbers:
                conversation.failures.append("no claim number given")
            else:
                self._judge_claim(numbers[0], expect, conversation)
        if "followups" in expect:
            items = self.api.get("/api/v1/followups", params={"conversation_id": conversation.sender}).json()["items"]
            kinds = sorted(item["kind"] for item in items)
            if kinds != sorted(expect["followups"]):
                conversation.failures.append(f"follow-ups {kinds}, expected {sorted(expect['followups'])}")
        if "handoff" in expect:
            items = self.api.get("/api/v1/handoffs", params={"conversation_id": conversation.sender}).json()["items"]
            reasons = [item["reason"] for item in items]
            if expect["handoff"] not in reasons:
                conversation.failures.append(f"handoff tickets {reasons}, expected reason {expect['handoff']!r}")

    def _judge_claim(self, number: str, expect: dict, conversation: Conversation) -> None:
        claim = self.api.get(f"/api/v1/claims/{number}").json()
        for name, value in expect.get("claim", {}).items():
            actual = claim.get(name, claim.get("facts", {}).get(name))
            if actual != value:
                conversation.failures.append(f"claim {name} = {actual!r}, expected {value!r}")
        if "materials" in expect:
            codes = {item["code"] for item in self.api.get(f"/api/v1/claims/{number}/materials").json()}
            missing = set(expect["materials"]) - codes
            if missing:
                conversation.failures.append(f"checklist lacks {sorted(missing)}")


@dataclass
class Report:
    """The figures of one run over every scenario."""

    conversations: List[Conversation]

    def by_scenario(self) -> Dict[str, List[Conversation]]:
        grouped: Dict[str, List[Conversation]] = {}
        for conversation in self.conversations:
            grouped.setdefault(conversation.scenario, []).append(conversation)
        return grouped

    def failing(self) -> Dict[str, List[Conversation]]:
        return {name: runs for name, runs in self.by_scenario().items() if not all(run.passed for run in runs)}

    def text(self) -> str:
        runs = self.conversations
        scenarios = self.by_scenario()
        reports = [run for run in runs if run.report_in_budget is not None]
        lines = [
            f"claimant simulator: {len(scenarios)} scenarios, {len(runs)} conversations",
            f"pass^1 {sum(run.passed for run in runs) / len(runs):.2f} (target >= 0.95)",
            f"pass^4 {sum(all(r.passed for r in rs) for rs in scenarios.values()) / len(scenarios):.2f} (target >= 0.90)",
            f"turns used {sum(run.turns for run in runs)} (mean {sum(run.turns for run in runs) / len(runs):.1f})",
            f"re-asks {sum(len(run.re_asks) for run in runs)} (target 0)",
            f"loops {sum(run.loops for run in runs)} (target 0)",
            f"reports within (facts not yet given + 2) turns {sum(bool(r.report_in_budget) for r in reports)}/{len(reports)}",
            "",
        ]
        for name, conversations in self.failing().items():
            for run in conversations:
                if not run.passed:
                    problems = run.failures + [f"re-asked {slot}" for slot in run.re_asks]
                    problems += ["loop"] * bool(run.loops)
                    if run.report_in_budget is False:
                        problems.append(f"report took {run.report_turns} turns, budget {run.report_budget}")
                    lines.append(f"FAIL {name}/{run.style}: {'; '.join(problems)}")
        return "\n".join(lines)
