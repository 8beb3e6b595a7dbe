"""How a claim's status is told to people, the only copy: its label, the next step, and the news when it changes.

The actions and the agent console show what the API returns (`status_label`, `next_step`, C1's `status_news`).
"""

from api.models import ClaimStatus

STATUS_LABELS = {
    ClaimStatus.reported: "已报案",
    ClaimStatus.under_review: "审核中",
    ClaimStatus.awaiting_materials: "待补充材料",
    ClaimStatus.assessing: "核算中",
    ClaimStatus.approved: "已核定",
    ClaimStatus.paid: "已赔付",
    ClaimStatus.closed: "已结案",
    ClaimStatus.withdrawn: "已撤案",
}

NEXT_STEPS = {
    ClaimStatus.reported: "我们已经收到您的报案，理赔人员会尽快与您联系，请保持电话畅通。",
    ClaimStatus.under_review: "您的案件正在审核，需要补充材料时我们会及时通知您。",
    ClaimStatus.awaiting_materials: "请尽快补齐下面列出的材料，材料齐全后我们会马上继续处理。",
    ClaimStatus.assessing: "材料已经收齐，我们正在核算赔偿金额，有结果会第一时间告诉您。",
    ClaimStatus.approved: "赔偿金额已经核定。双方达成赔偿协议后，赔款一般会在10日内支付。",
    ClaimStatus.paid: "赔款已经支付，请留意收款账户。如有疑问，随时可以问我们。",
    ClaimStatus.closed: "您的案件已经结案。如有疑问，可以联系人工客服。",
    ClaimStatus.withdrawn: "这个案件已经撤销。如需重新报案，请告诉我们。",
}

# What a nudge tells the claimant when an agent moves the claim on (contract C1's status_news): what happened, then
# what comes next, in the claimant's words.
STATUS_NEWS = {
    ClaimStatus.reported: "已经报案，等理赔员跟进。理赔员会尽快和您联系，请保持电话畅通。",
    ClaimStatus.under_review: "保险公司正在审核。需要补材料的话，我们会一次性告诉您缺哪些。",
    ClaimStatus.awaiting_materials: "在等您补充材料。您可以说“查进度”，核对身份后我告诉您还差哪些；材料补齐后会马上接着处理。",
    ClaimStatus.assessing: "材料已经收齐，正在核算赔偿金额。有结果会第一时间告诉您。",
    ClaimStatus.approved: "赔偿金额已经核定。双方达成赔偿协议后，赔款一般在10日内支付。",
    ClaimStatus.paid: "赔款已经支付。请留意收款账户；到账有问题，随时告诉我。",
    ClaimStatus.closed: "案件已经结案。还有疑问的话，可以说“转人工”找理赔员。",
    ClaimStatus.withdrawn: "案件已经撤销。如果需要重新报案，告诉我就行。",
}
