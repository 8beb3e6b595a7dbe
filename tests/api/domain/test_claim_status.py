"""Every status a claim can have is told with a label, a next step and, when it changes, the news."""

from api.domain.claim_status import NEXT_STEPS, STATUS_LABELS, STATUS_NEWS
from api.models import ClaimStatus


def test_every_status_has_its_words():
    for table in (STATUS_LABELS, NEXT_STEPS, STATUS_NEWS):
        assert set(table) == set(ClaimStatus)
    assert STATUS_NEWS[ClaimStatus.under_review] == "保险公司正在审核。需要补材料的话，我们会一次性告诉您缺哪些。"
