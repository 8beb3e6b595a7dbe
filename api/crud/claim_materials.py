"""A claim's materials checklist, kept in step with the facts of the case."""

from dataclasses import fields, replace

from api.core.errors import ApiError
from api.domain.materials import GROUP_TITLES, CaseFacts, build_checklist
from api.models import Claim, ClaimMaterial, MaterialStatus, Severity, utcnow

_GROUP_ORDER = list(GROUP_TITLES)


def effective_facts(claim: Claim) -> CaseFacts:
    """The facts the claimant stated, plus what the injured parties and advance payments show."""
    known = {field.name for field in fields(CaseFacts)}
    stated = CaseFacts(**{name: bool(value) for name, value in claim.facts.items() if name in known})
    parties = claim.injured_parties
    return replace(
        stated,
        inpatient=stated.inpatient or any(party.hospitalised for party in parties),
        disability=stated.disability or any(party.disability_grade for party in parties),
        death=stated.death or any(party.severity == Severity.fatal for party in parties),
        advance_payment=stated.advance_payment or bool(claim.advance_payments),
    )


def sync_checklist(claim: Claim) -> None:
    """Add the papers the facts now call for and drop outstanding ones they no longer need."""
    wanted = {item.code: item for item in build_checklist(effective_facts(claim))}
    for material in list(claim.materials):
        if material.code not in wanted and material.status == MaterialStatus.required:
            claim.materials.remove(material)
    present = {material.code for material in claim.materials}
    for code, item in wanted.items():
        if code not in present:
            claim.materials.append(ClaimMaterial(code=code, group=item.group, name=item.name, note=item.note))


def checklist(claim: Claim) -> list[ClaimMaterial]:
    """The checklist in the order of docs/domain-rules.md §6."""
    # Rows written under an older checklist may carry a group that no longer exists: they go last.
    return sorted(
        claim.materials,
        key=lambda m: (_GROUP_ORDER.index(m.group) if m.group in GROUP_TITLES else len(_GROUP_ORDER), m.id),
    )


def missing(claim: Claim) -> list[ClaimMaterial]:
    """The papers still to hand in."""
    return [material for material in checklist(claim) if material.status == MaterialStatus.required]


def mark(claim: Claim, code: str, status: MaterialStatus) -> ClaimMaterial:
    """Record that a paper arrived, was waived, or is required after all."""
    material = next((m for m in claim.materials if m.code == code), None)
    if material is None:
        raise ApiError(404, "material_not_found", "这个案件的材料清单里没有这一项。")
    material.status = status
    material.received_at = utcnow() if status == MaterialStatus.received else None
    claim.updated_at = utcnow()
    return material
