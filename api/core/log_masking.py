"""Masks phone numbers, ID numbers and names in every log line the API writes."""

import logging
import re
from typing import Optional

PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
NAME_FIELD = re.compile(r"""((?:name|姓名|报案人|驾驶员)["']?\s*[:=：]\s*["']?)([^"',\s}\]]{1,20})""", re.IGNORECASE)


def mask(text: str) -> str:
    """The text with phones as 138****5678, ID numbers as 320102********123X and names as 张*."""
    text = ID_NUMBER.sub(r"\1********\2", text)
    text = PHONE.sub(r"\1****\2", text)
    return NAME_FIELD.sub(lambda match: match.group(1) + match.group(2)[0] + "*" * (len(match.group(2)) - 1), text)


def install() -> None:
    """Mask every log record created from now on, whichever logger or handler writes it."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "masks_personal_data", False):
        return

    def masked_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        message = record.getMessage()
        masked = mask(message)
        if masked == message:
            return record
        # Formatters such as uvicorn's access log read the arguments themselves: keep them, masked, where that gives
        # the same line; otherwise (a name split between the format and an argument) keep only the masked line.
        if isinstance(record.args, tuple):
            masked_args = tuple(mask(arg) if isinstance(arg, str) else arg for arg in record.args)
            if _formatted(record.msg, masked_args) == masked:
                record.args = masked_args
                return record
        record.msg, record.args = masked, None
        return record

    masked_record.masks_personal_data = True
    logging.setLogRecordFactory(masked_record)


def _formatted(msg: object, args: tuple) -> Optional[str]:
    """The line a record with these arguments gives, or None when they do not fit the format."""
    try:
        return str(msg) % args
    except (TypeError, ValueError):
        return None
