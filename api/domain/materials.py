"""The claim materials a claimant needs, chosen by the facts of the case (docs/domain-rules.md §6)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CaseFacts:
    """What happened in the case, as far as the materials depend on it."""

    inpatient: bool = False
    lost_income: bool = False
    self_employed: bool = False
    nursing: bool = False
    transport: bool = False
    disability: bool = False
    death: bool = False
    advance_payment: bool = False
    private_settlement: bool = False
    proxy_collection: bool = False


@dataclass(frozen=True)
class MaterialItem:
    """One paper to hand in: a stable code, its group, a Chinese name and a Chinese note."""

    code: str
    group: str
    name: str
    note: str


GROUP_TITLES = {
    "identity": "身份证明",
    "accident": "事故证明",
    "medical": "医疗材料",
    "income": "误工材料",
    "nursing": "护理材料",
    "transport": "交通住宿",
    "disability": "伤残材料",
    "death": "死亡材料",
    "settlement": "协议与付款",
}

_NURSING_CERTIFICATE = MaterialItem("nursing_certificate", "nursing", "护理证明", "医院出具，写明护理人数和天数。")
_INCOME_PROOF = MaterialItem(
    "income_proof",
    "income",
    "收入证明",
    "劳动合同、近3个月工资条或银行流水；收入超过个税起征点的，附完税证明。",
)
_PAID_AMOUNT_PROOF = MaterialItem(
    "paid_amount_proof", "settlement", "已付款项凭证", "已经垫付或支付过的钱，请保留收据。"
)

_ALWAYS = (
    MaterialItem("victim_id", "identity", "伤者身份证或户口簿", "复印件即可，原件备查。"),
    MaterialItem("insured_id", "identity", "被保险人身份证", "向保险公司索赔时需要。"),
    MaterialItem("driver_licence", "identity", "驾驶人驾驶证", "事故发生时驾驶车辆的人的驾驶证。"),
    MaterialItem("vehicle_licence", "identity", "机动车行驶证", "肇事车辆的行驶证。"),
    MaterialItem("insurance_policy", "identity", "保险单", "交强险保单，有商业三者险的一并提供。"),
    MaterialItem("payee_bank_card", "identity", "收款人银行卡", "赔款打入这张卡，请写清开户行。"),
    MaterialItem(
        "accident_report",
        "accident",
        "交通事故认定书",
        "没有认定书的，可以用事故证明、法院或调解文书代替。",
    ),
    MaterialItem("medical_records", "medical", "门诊或住院病历", "请保留完整病历。"),
    MaterialItem("diagnosis_certificate", "medical", "诊断证明书", "医院出具，写明伤情和医嘱。"),
    MaterialItem("medical_invoices", "medical", "医疗费发票原件", "请保管好原件，丢失后补办比较麻烦。"),
    MaterialItem("cost_list", "medical", "费用明细清单", "医院打印的逐项收费清单。"),
    MaterialItem("test_reports", "medical", "检查化验报告", "如拍片、CT、化验单。"),
    MaterialItem(
        "self_bought_drug_prescriptions",
        "medical",
        "外购药处方",
        "在医院外自行购买的药，需要医生处方与发票对应。",
    ),
)

_BY_FACT = (
    (
        "inpatient",
        (
            MaterialItem("discharge_summary", "medical", "出院小结", "出院时向医院索取。"),
            _NURSING_CERTIFICATE,
        ),
    ),
    (
        "nursing",
        (
            _NURSING_CERTIFICATE,
            MaterialItem(
                "carer_income_proof",
                "nursing",
                "护理人员收入证明或护工发票",
                "家人护理的提供其收入证明，请护工的提供护工费发票。",
            ),
        ),
    ),
    (
        "lost_income",
        (
            MaterialItem(
                "employer_absence_certificate", "income", "单位误工证明", "写明误工时间和扣发工资情况，加盖单位公章。"
            ),
            _INCOME_PROOF,
        ),
    ),
    (
        "self_employed",
        (
            MaterialItem("business_licence", "income", "营业执照", "个体经营者提供，用于证明经营收入。"),
            _INCOME_PROOF,
        ),
    ),
    (
        "transport",
        (
            MaterialItem(
                "transport_tickets",
                "transport",
                "交通费、住宿费票据",
                "票据的时间、地点要与就医、转院的时间和地点相符。",
            ),
        ),
    ),
    (
        "disability",
        (
            MaterialItem("appraisal_opinion", "disability", "司法鉴定意见书", "写明伤残等级。"),
            MaterialItem("appraisal_fee_invoice", "disability", "鉴定费发票", "鉴定费可以一并主张。"),
            MaterialItem(
                "device_fitting_certificate",
                "disability",
                "残疾辅助器具配制证明",
                "需要假肢、轮椅等器具时，由配制机构出具，写明更换周期。",
            ),
        ),
    ),
    (
        "death",
        (
            MaterialItem("death_certificate", "death", "死亡证明", "医院或公安机关出具。"),
            MaterialItem("household_cancellation", "death", "户口注销证明", "到户籍所在地派出所办理。"),
            MaterialItem("kinship_proof", "death", "亲属关系证明", "证明领款人与逝者的关系。"),
            MaterialItem("dependant_proof", "death", "被扶养人证明", "有需要扶养的老人或孩子时提供。"),
            MaterialItem("funeral_papers", "death", "丧葬相关证明", "如火化证明等。"),
        ),
    ),
    (
        "advance_payment",
        (
            MaterialItem(
                "advance_notice",
                "accident",
                "交警垫付通知书",
                "由交警出具，保险公司凭此向医院支付抢救费用。",
            ),
            _PAID_AMOUNT_PROOF,
        ),
    ),
    (
        "private_settlement",
        (
            MaterialItem(
                "settlement_agreement",
                "settlement",
                "赔偿协议、调解书或判决书",
                "私下协商的，请保留双方签字的协议。",
            ),
            _PAID_AMOUNT_PROOF,
        ),
    ),
    (
        "proxy_collection",
        (
            MaterialItem(
                "authorisation_letter",
                "identity",
                "授权委托书",
                "由他人代领赔款时需要，附代领人身份证。",
            ),
        ),
    ),
)


def build_checklist(facts: CaseFacts) -> list[MaterialItem]:
    """List the materials the case needs, grouped in the order of docs/domain-rules.md §6, without duplicates."""
    chosen = list(_ALWAYS)
    for fact, items in _BY_FACT:
        if getattr(facts, fact):
            chosen.extend(item for item in items if item not in chosen)
    return sorted(chosen, key=lambda item: list(GROUP_TITLES).index(item.group))
