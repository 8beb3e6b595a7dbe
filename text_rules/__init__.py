"""The Chinese text rules every service reads claimants' words with, once (pure functions, standard library only).

`answers`: yes/no, "I don't know", numbers, amounts, ages. `facts`: police called, nobody hurt, not taken to hospital,
how bad an injury is, and the values they stand for. `corrections`: which report field a correction names. `identifiers`: plates, phones,
claim numbers. `typos`: homophone slips in the key words ("抱了警"). `months`: the month of the accident from a rough answer
("上个月"). `papers`: which papers of a checklist the claimant names ("驾照和片子都有"). Used by the bot's entity extractors (bot/nlu/patterns.py), the actions and the claims API's intake
analysis (api/domain/intake.py); every service runs from the repository root, where this package is importable, and
each Dockerfile copies it.
"""
