"""The call-centre intake sheet (《理赔接待流程及沟通技巧》): fill it from what the caller says, and what to say next."""

import csv
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from text_rules.facts import NO_INJURIES, NOT_TO_HOSPITAL, SELF_DRIVER, stated_facts
from text_rules.typos import without_slips

DATA_DIR = Path(__file__).parent / "data"

# The sheet's fields in the order the seed's script asks them, with the labels the console shows.
FIELD_LABELS = {
    "accident_time": "出险时间",
    "accident_place": "出险地点",
    "driver_name": "驾驶员",
    "plate_number": "车牌号",
    "description": "事故经过",
    "police_reported": "是否已报交警",
    "injuries": "有无人伤",
    "hospital": "送医情况",
    "vehicle_damage": "车辆损失",
    "reporter_name": "报案人",
    "contact_phone": "联系电话",
}
REQUIRED_FOR_CLAIM = ("accident_time", "accident_place", "reporter_name", "contact_phone")
# Intents under which the caller is reporting an accident, so the next intake question is worth suggesting.
REPORTING_INTENTS = {"report_accident", "emergency", "inform"}

SINGLE_VEHICLE_WORDS = ("撞墙", "护栏", "隔离带", "电线杆", "撞树", "石墩", "路灯", "单方")


@dataclass(frozen=True)
class IntakeSheet:
    """The 接听电话记录表 an agent fills while the caller talks; None means not known yet."""

    accident_time: datetime | None = None
    accident_place: str | None = None
    driver_name: str | None = None
    plate_number: str | None = None
    description: str | None = None
    police_reported: bool | None = None
    injuries: str | None = None
    hospital: str | None = None
    vehicle_damage: str | None = None
    reporter_name: str | None = None
    contact_phone: str | None = None


@dataclass(frozen=True)
class Script:
    """A sentence the agent may say, with where it comes from."""

    key: str
    text: str
    source: str


@dataclass(frozen=True)
class Rule:
    """A short rule the agent should keep in mind for what the caller asks."""

    note: str
    source: str


def _entity(entities: list[dict[str, Any]], name: str) -> Any:
    """The first value the NLU found for an entity, or None."""
    return next((entity["value"] for entity in entities if entity.get("entity") == name), None)


def read_facts(text: str, entities: list[dict[str, Any]]) -> dict[str, Any]:
    """What one utterance says for the sheet: NLU entities for structured facts, the shared text rules for the rest."""
    stated = stated_facts(without_slips(text))
    time = _entity(entities, "time")
    facts = {
        "accident_time": datetime.fromisoformat(time) if time else None,
        "accident_place": _entity(entities, "place"),
        "driver_name": stated.get("driver_name"),
        "plate_number": _entity(entities, "plate_number"),
        "description": stated.get("accident_description"),
        "police_reported": stated.get("police_reported"),
        "injuries": stated.get("injuries"),
        "hospital": NOT_TO_HOSPITAL if stated.get("taken_to_hospital") is False else _entity(entities, "hospital"),
        "vehicle_damage": stated.get("vehicle_damage"),
        "reporter_name": stated.get("reporter_name"),
        "contact_phone": _entity(entities, "phone"),
    }
    return {name: value for name, value in facts.items() if value is not None}


def fill(sheet: IntakeSheet, text: str, entities: list[dict[str, Any]]) -> IntakeSheet:
    """The sheet with what the utterance says; a fact said again replaces the old one (callers correct themselves)."""
    return replace(sheet, **read_facts(text, entities))


def missing(sheet: IntakeSheet) -> list[str]:
    """The fields still to ask, in the script's order; no hospital question when nobody was hurt."""
    skipped = {"hospital"} if sheet.injuries == NO_INJURIES else set()
    return [name for name in FIELD_LABELS if getattr(sheet, name) is None and name not in skipped]


def situation(sheet: IntakeSheet, intent: str | None) -> str | None:
    """Which standard script fits: injury, two_vehicle or single_vehicle; None while it is unclear."""
    if intent == "emergency" or (sheet.injuries and sheet.injuries != NO_INJURIES):
        return "injury"
    if sheet.injuries == NO_INJURIES:
        single = any(word in (sheet.description or "") for word in SINGLE_VEHICLE_WORDS)
        return "single_vehicle" if single else "two_vehicle"
    return None


def _grouped(file_name: str, key: str) -> dict[str, list[dict[str, str]]]:
    """The rows of a CSV in api/domain/data, grouped by one column."""
    groups: dict[str, list[dict[str, str]]] = {}
    with open(DATA_DIR / file_name, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            groups.setdefault(row[key], []).append(row)
    return groups


@lru_cache
def _scripts() -> dict[str, list[Script]]:
    return {
        key: [Script(row["key"], row["text"], row["source"]) for row in rows]
        for key, rows in _grouped("intake_scripts.csv", "key").items()
    }


@lru_cache
def _rules() -> dict[str, list[Rule]]:
    return {
        intent: [Rule(row["note"], row["source"]) for row in rows]
        for intent, rows in _grouped("copilot_rules.csv", "intent").items()
    }


def suggested_scripts(sheet: IntakeSheet, intent: str | None) -> list[Script]:
    """The standard script for the situation, then the one question to ask next."""
    scripts = list(_scripts().get(situation(sheet, intent) or "", []))
    still_missing = missing(sheet)
    started = len(still_missing) < len(FIELD_LABELS)
    if still_missing and (started or intent in REPORTING_INTENTS):
        scripts += _scripts()[f"ask_{still_missing[0]}"]
    return scripts


def rules_for(intent: str | None) -> list[Rule]:
    """The rules worth keeping in mind for this intent (docs/domain-rules.md, with sources)."""
    return list(_rules().get(intent or "", []))


def claim_fields(sheet: IntakeSheet) -> dict[str, Any]:
    """The claims API's report fields from a sheet that has every field REQUIRED_FOR_CLAIM."""
    injured = sheet.injuries is not None and sheet.injuries != NO_INJURIES
    to_hospital = injured and sheet.hospital not in (None, NOT_TO_HOSPITAL)
    description = "；".join(
        part for part in (sheet.description, f"伤情：{sheet.injuries}" if injured else None) if part
    )
    return {
        "accident_time": sheet.accident_time,
        "accident_place": sheet.accident_place,
        "plate_number": sheet.plate_number,
        "driver_name": sheet.reporter_name if sheet.driver_name == SELF_DRIVER else sheet.driver_name,
        "reporter_name": sheet.reporter_name,
        "reporter_phone": sheet.contact_phone,
        "description": description or None,
        "police_reported": bool(sheet.police_reported),
        "has_injuries": injured,
        "injured_taken_to_hospital": to_hospital,
        "hospital": sheet.hospital if to_hospital else None,
        "vehicle_damage": sheet.vehicle_damage,
    }
