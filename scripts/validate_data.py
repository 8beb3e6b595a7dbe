"""Run `rasa data validate` and fail on any warning; check the digression rules against their table."""

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import yaml

from actions.digressions import EXITS, FORMS, answered_inside, never_long_answers, never_short_answers

ROOT = Path(__file__).resolve().parent.parent

# Rasa 3.6 reads stories against domain.yml before it adds the retrieval intents found in the
# NLU data, so a rule for the `faq` retrieval intent is always reported as unknown; listing
# `faq` in domain.yml instead makes Rasa report it as a duplicate. Either way it is harmless.
# EXTERNAL_followup is injected by the claims API's follow-up worker, never typed, so it has no NLU examples.
KNOWN_FALSE_POSITIVES = [
    re.compile(r"Found intent 'faq' in stories which is not part of the domain"),
    re.compile(
        r"The intent 'EXTERNAL_followup' is listed in the domain file, but is not found in the NLU training data"
    ),
]
# Responses a custom action sends (`response="utter_..."`) are in no story or rule, which the validator reports.
SENT_BY_ACTIONS = set(
    re.findall(
        r'response="(utter_\w+)"', "".join(path.read_text(encoding="utf-8") for path in ROOT.glob("actions/*.py"))
    )
)
UNUSED_RESPONSE = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule")


def known_false_positive(warning: str) -> bool:
    """Whether a warning of `rasa data validate` is one of the harmless ones above."""
    unused = UNUSED_RESPONSE.search(warning)
    return any(p.search(warning) for p in KNOWN_FALSE_POSITIVES) or bool(unused and unused.group(1) in SENT_BY_ACTIONS)


def digression_problems(rules: List[Dict[str, Any]], domain: Dict[str, Any]) -> List[str]:
    """Where data/rules/digressions.yml or domain.yml's `&digressions` differ from actions/digressions.py."""
    found = {}
    for rule in rules:
        loops = [condition["active_loop"] for condition in rule.get("condition", []) if "active_loop" in condition]
        if loops:
            found[(loops[0], rule["steps"][0].get("intent"))] = [step.get("action") for step in rule["steps"][1:]]
    problems = []
    for form in FORMS:
        for intent, response in answered_inside(form).items():
            if found.pop((form, intent), None) != [response, form, None]:
                problems.append(f"{form}: {intent} must be answered with {response}, then {form} asks again")
        for intent in EXITS:
            if found.pop((form, intent), [None])[:1] != ["action_deactivate_loop"]:
                problems.append(f"{form}: {intent} must end the form (action_deactivate_loop)")
    problems += [f"{form}: the rule for {intent} is not in actions/digressions.py" for form, intent in found]
    allowed = (never_short_answers(), never_long_answers())
    for slot, settings in domain.get("slots", {}).items():
        for mapping in settings.get("mappings", []):
            if mapping.get("type") == "from_text" and set(mapping.get("not_intent", [])) not in allowed:
                problems.append(
                    f"slot {slot}: its from_text mapping must leave out the intents of &digressions or "
                    "&controls (actions/digressions.py)"
                )
    return problems


def main() -> int:
    """Validate, print every unexpected warning and digression problem, and return non-zero if there is any."""
    rules = yaml.safe_load((ROOT / "data" / "rules" / "digressions.yml").read_text(encoding="utf-8"))["rules"]
    problems = digression_problems(rules, yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8")))
    for problem in problems:
        print(f"DIGRESSION: {problem}")
    result = subprocess.run(
        # Warnings are judged below, so that the known false positives do not fail the run.
        [".venv/rasa/bin/python", "-m", "bot", "data", "validate"],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"},
    )
    output = result.stdout + result.stderr
    warnings = [w.split("\x1b[0m")[0].strip() for w in output.split("UserWarning:")[1:]]
    unexpected = [w for w in warnings if not known_false_positive(w)]
    for warning in unexpected:
        print(f"WARNING: {warning}")
    if result.returncode != 0 or unexpected:
        print(output[-3000:])
        return 1
    if problems:
        return 1
    print(f"rasa data validate: no warnings ({len(warnings) - len(unexpected)} known false positive ignored)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
