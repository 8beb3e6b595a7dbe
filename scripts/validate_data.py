"""Run `rasa data validate` and fail on any warning, not only on those the validator counts."""

import os
import re
import subprocess
import sys

# Rasa 3.6 reads stories against domain.yml before it adds the retrieval intents found in the
# NLU data, so a rule for the `faq` retrieval intent is always reported as unknown; listing
# `faq` in domain.yml instead makes Rasa report it as a duplicate. Either way it is harmless.
# EXTERNAL_followup is injected by the claims API's follow-up worker, never typed, so it has no NLU examples.
KNOWN_FALSE_POSITIVES = [
    re.compile(r"Found intent 'faq' in stories which is not part of the domain"),
    re.compile(r"The intent 'EXTERNAL_followup' is listed in the domain file, but is not found in the NLU training data"),
]


def main() -> int:
    """Validate, print every unexpected warning, and return non-zero if there is any."""
    result = subprocess.run(
        # Warnings are judged below, so that the known false positives do not fail the run.
        [".venv/rasa/bin/python", "-m", "bot", "data", "validate"],
        capture_output=True, text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"},
    )
    output = result.stdout + result.stderr
    warnings = [w.split("\x1b[0m")[0].strip() for w in output.split("UserWarning:")[1:]]
    unexpected = [w for w in warnings if not any(p.search(w) for p in KNOWN_FALSE_POSITIVES)]
    for warning in unexpected:
        print(f"WARNING: {warning}")
    if result.returncode != 0 or unexpected:
        print(output[-3000:])
        return 1
    print(f"rasa data validate: no warnings ({len(warnings) - len(unexpected)} known false positive ignored)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
