"""Which papers of a checklist the claimant's words name ("驾照和片子都有")."""

from typing import Any, Dict, List, Sequence

# Words claimants use for each paper, beyond its name on the checklist.
ALIASES = {
    "victim_id": ("伤者身份证", "户口"),
    "insured_id": ("被保险人身份证",),
    "driver_licence": ("驾驶证", "驾照"),
    "vehicle_licence": ("行驶证",),
    "insurance_policy": ("保单", "保险单"),
    "payee_bank_card": ("银行卡",),
    "accident_report": ("认定书", "事故证明"),
    "medical_records": ("病历",),
    "diagnosis_certificate": ("诊断证明", "诊断书"),
    "medical_invoices": ("发票",),
    "cost_list": ("清单", "明细"),
    "test_reports": ("检查", "化验", "片子", "CT"),
    "self_bought_drug_prescriptions": ("处方",),
    "discharge_summary": ("出院小结", "出院记录"),
    "nursing_certificate": ("护理证明",),
    "carer_income_proof": ("护工发票", "护理人员收入"),
    "employer_absence_certificate": ("误工证明",),
    "income_proof": ("收入证明", "工资条", "流水"),
    "appraisal_opinion": ("鉴定意见", "鉴定书"),
    "appraisal_fee_invoice": ("鉴定费",),
    "death_certificate": ("死亡证明",),
}


def papers_mentioned(text: str, items: Sequence[Dict[str, Any]]) -> List[str]:
    """Codes of the checklist papers the claimant's words name."""
    found = []
    for item in items:
        words = ALIASES.get(item["code"], ()) + (item["name"],)
        if any(word in text for word in words):
            found.append(item["code"])
    return found
