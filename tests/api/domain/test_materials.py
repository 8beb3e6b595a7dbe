"""The claim-materials checklist, by situation (docs/domain-rules.md §6)."""

import dataclasses
import re

import pytest

from api.domain.materials import GROUP_TITLES, CaseFacts, MaterialItem, build_checklist
from api.schemas.checklists import ChecklistRequest


def codes(facts: CaseFacts) -> list[str]:
    return [item.code for item in build_checklist(facts)]


def groups(facts: CaseFacts) -> set[str]:
    return {item.group for item in build_checklist(facts)}


def test_the_contract_other_code_relies_on():
    assert [(field.name, field.default) for field in dataclasses.fields(CaseFacts)] == [
        (name, False)
        for name in (
            "inpatient",
            "lost_income",
            "self_employed",
            "nursing",
            "transport",
            "disability",
            "death",
            "advance_payment",
            "private_settlement",
            "proxy_collection",
        )
    ]
    assert [field.name for field in dataclasses.fields(MaterialItem)] == ["code", "group", "name", "note"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        CaseFacts().death = True  # type: ignore[misc]
    assert list(ChecklistRequest.model_fields) == [field.name for field in dataclasses.fields(CaseFacts)]
    assert ChecklistRequest(death=True).to_facts() == CaseFacts(death=True)


def test_an_outpatient_case_needs_identity_accident_and_medical_papers():
    assert groups(CaseFacts()) == {"identity", "accident", "medical"}
    basics = {"victim_id", "accident_report", "medical_invoices", "cost_list", "payee_bank_card"}
    assert basics <= set(codes(CaseFacts()))
    assert "discharge_summary" not in codes(CaseFacts())


def test_inpatient_adds_discharge_summary_and_nursing():
    assert {"discharge_summary", "nursing_certificate"} <= set(codes(CaseFacts(inpatient=True)))


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (CaseFacts(lost_income=True), {"employer_absence_certificate", "income_proof"}),
        (CaseFacts(self_employed=True), {"business_licence", "income_proof"}),
        (CaseFacts(nursing=True), {"nursing_certificate", "carer_income_proof"}),
        (CaseFacts(transport=True), {"transport_tickets"}),
        (CaseFacts(disability=True), {"appraisal_opinion", "appraisal_fee_invoice", "device_fitting_certificate"}),
        (
            CaseFacts(death=True),
            {"death_certificate", "household_cancellation", "kinship_proof", "dependant_proof", "funeral_papers"},
        ),
        (CaseFacts(advance_payment=True), {"advance_notice", "paid_amount_proof"}),
        (CaseFacts(private_settlement=True), {"settlement_agreement", "paid_amount_proof"}),
        (CaseFacts(proxy_collection=True), {"authorisation_letter"}),
    ],
)
def test_each_situation_adds_its_papers(facts, expected):
    assert expected <= set(codes(facts))
    assert not expected & set(codes(CaseFacts()))


def test_everything_at_once_has_no_duplicates_and_follows_the_group_order():
    everything = CaseFacts(**{field.name: True for field in dataclasses.fields(CaseFacts)})
    items = build_checklist(everything)
    assert len(codes(everything)) == len(set(codes(everything)))
    order = list(GROUP_TITLES)
    assert [order.index(item.group) for item in items] == sorted(order.index(item.group) for item in items)
    assert groups(everything) == set(GROUP_TITLES)


def test_codes_are_stable_ascii_and_texts_are_chinese():
    everything = CaseFacts(**{field.name: True for field in dataclasses.fields(CaseFacts)})
    for item in build_checklist(everything):
        assert re.fullmatch(r"[a-z0-9_]+", item.code)
        assert re.search(r"[\u4e00-\u9fff]", item.name) and re.search(r"[\u4e00-\u9fff]", item.note)
