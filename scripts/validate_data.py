"""Run `rasa data validate` and fail on any warning; check the digression rules against their table and the
responses the actions send against domain.yml."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple

import yaml

from actions.digressions import EXITS, FORMS, answered_inside, never_long_answers, never_short_answers
from actions.replies import RESPONSES

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
UNUSED_RESPONSE = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule")
# Rasa 3.6's placeholder pattern (rasa/core/nlg/interpolator.py).
PLACEHOLDER = re.compile(r"{([^\n{}]+?)}")
RESPONSE_NAME = re.compile(r"^utter_\w+$")
# The checkers of actions/forms.py that re-ask with a response and no placeholder values.
CHECKERS_WITHOUT_VALUES = {"yes_no", "free_text", "pattern"}


def load_domain() -> Dict[str, Any]:
    """domain.yml with the responses of domain/, as Rasa merges them (bot/domain_importer.py)."""
    return {**yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8")), "responses": RESPONSES}


def action_sources() -> Dict[str, str]:
    """The code of actions/*.py by path."""
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in sorted(ROOT.glob("actions/*.py"))}


def placeholders(variations: List[Dict[str, Any]]) -> Set[str]:
    """The {placeholders} of a response's texts and buttons, in every variation."""
    found: Set[str] = set()
    for variation in variations:
        texts = [variation.get("text") or ""]
        texts += [f"{button['title']} {button['payload']}" for button in variation.get("buttons") or []]
        found.update(name for text in texts for name in PLACEHOLDER.findall(text))
    return found


def _constant(node: Optional[ast.AST]) -> Optional[str]:
    """The string a node is, when it is a string literal."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _dict_keys(node: Optional[ast.AST]) -> Optional[Set[str]]:
    """The keys of a dict literal (none for no node), or None when they cannot be read from the code."""
    if node is None:
        return set()
    if isinstance(node, ast.Dict) and all(_constant(key) for key in node.keys):
        return {_constant(key) for key in node.keys}
    return None


def retrieval_responses() -> Dict[str, List[Dict[str, Any]]]:
    """The answers of the retrieval intents in data/ ("utter_faq/..."), which domain.yml does not hold."""
    found: Dict[str, List[Dict[str, Any]]] = {}
    for path in sorted(ROOT.glob("data/**/*.yml")):
        found.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return found


def responses_with_values(tree: ast.AST) -> Iterator[Tuple[int, str, Optional[Set[str]]]]:
    """(line, response, the placeholder values passed, None when unknown) of every response an action names.

    Read where the values go with the name: `utter_message(response=..., **values)`, `response_text(name, ...)`,
    a checker's `Check(value, name, values)`, the re-ask of `yes_no`, `free_text` and `pattern`, and a `(name, values)` pair.
    """
    # The parts of an f-string (f"utter_ask_{slot}") name no response.
    parts = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    for node in ast.walk(tree):
        name = _constant(node)
        if name and RESPONSE_NAME.match(name) and id(node) not in parts:
            yield node.lineno, name, None
        if isinstance(node, ast.Call):
            function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            explicit = None if None in keywords else set(keywords)
            if function == "utter_message" and _constant(keywords.get("response")):
                yield node.lineno, _constant(keywords["response"]), explicit and explicit - {"response"}
            elif function == "response_text" and node.args and _constant(node.args[0]):
                yield node.lineno, _constant(node.args[0]), explicit
            elif function in CHECKERS_WITHOUT_VALUES:
                for name in map(_constant, node.args):
                    if name and RESPONSE_NAME.match(name):
                        yield node.lineno, name, set()
            elif function == "Check" and len(node.args) > 1 and _constant(node.args[1]):
                yield node.lineno, _constant(node.args[1]), _dict_keys(node.args[2] if len(node.args) > 2 else None)
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and _constant(node.elts[0]):
            if RESPONSE_NAME.match(_constant(node.elts[0])):
                yield node.lineno, _constant(node.elts[0]), _dict_keys(node.elts[1])


def response_problems(
    sources: Dict[str, str], domain: Dict[str, Any], retrieval: Dict[str, List[Dict[str, Any]]]
) -> List[str]:
    """Responses the actions name that domain.yml lacks, and placeholders they would leave unfilled."""
    responses = dict(domain.get("responses", {}))
    # A retrieval intent's action ("utter_faq") answers with one of its responses ("utter_faq/...").
    responses.update({name.split("/")[0]: [] for name in retrieval})
    problems = []
    for path, code in sources.items():
        for line, name, values in responses_with_values(ast.parse(code)):
            if name not in responses:
                problems.append(f"{path}:{line}: {name} is not a response in domain.yml")
            elif values is not None and placeholders(responses[name]) - values:
                missing = ", ".join(sorted(placeholders(responses[name]) - values))
                problems.append(f"{path}:{line}: {name} needs {missing}")
    for action in domain.get("actions", []):
        question = action.replace("action_ask_", "utter_ask_", 1)
        if action.startswith("action_ask_") and (question not in responses or placeholders(responses[question])):
            problems.append(f"{action} asks {question}: it must be a response of domain.yml without placeholders")
    return sorted(set(problems))


def sent_by_actions(sources: Dict[str, str], domain: Dict[str, Any]) -> Set[str]:
    """The responses the actions send, which no story or rule names: those they name and the forms' questions."""
    named = {name for code in sources.values() for _, name, _ in responses_with_values(ast.parse(code))}
    questions = {action.replace("action_", "utter_", 1) for action in domain.get("actions", [])}
    return named | {name for name in questions if name.startswith("utter_ask_")}


SENT_BY_ACTIONS = sent_by_actions(action_sources(), load_domain())


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
    """Validate, print every unexpected warning, digression and response problem; non-zero if there is any."""
    rules = yaml.safe_load((ROOT / "data" / "rules" / "digressions.yml").read_text(encoding="utf-8"))["rules"]
    domain = load_domain()
    problems = digression_problems(rules, domain)
    for problem in problems:
        print(f"DIGRESSION: {problem}")
    response_checks = response_problems(action_sources(), domain, retrieval_responses())
    for problem in response_checks:
        print(f"RESPONSE: {problem}")
    problems += response_checks
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
