"""Logs never show a full phone number, ID number or name."""

import logging

import pytest
from uvicorn.logging import AccessFormatter

from api.core import log_masking


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("verify failed for 13812345678", "verify failed for 138****5678"),
        ("id 320102199001011234 and 32010219900101123X", "id 320102********1234 and 320102********123X"),
        ("{'reporter_name': '张三丰', 'phone': '13900001111'}", "{'reporter_name': '张**', 'phone': '139****1111'}"),
        ("报案人：李四", "报案人：李*"),
        ("claim RPT20261123000001 created", "claim RPT20261123000001 created"),
        ("amount 123456789012", "amount 123456789012"),
    ],
)
def test_personal_data_is_masked(line, masked):
    assert log_masking.mask(line) == masked


def test_every_logger_writes_masked_lines(caplog):
    log_masking.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("uvicorn.access").info("POST /verify phone=%s", "13812345678")
    assert caplog.records[-1].getMessage() == "POST /verify phone=138****5678"


def test_the_access_log_keeps_its_format_with_the_phone_masked():
    log_masking.install()
    access = logging.getLogger("uvicorn.access")
    record = access.makeRecord(
        access.name,
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/v1/claims?phone=13812345678", "1.1", 200),
        None,
    )
    formatter = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False)
    assert formatter.format(record) == '127.0.0.1:5000 - "GET /api/v1/claims?phone=138****5678 HTTP/1.1" 200 OK'


def test_a_name_split_between_format_and_argument_is_masked(caplog):
    log_masking.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("api").info("reporter_name=%s", "张三丰")
    assert caplog.records[-1].getMessage() == "reporter_name=张**"
