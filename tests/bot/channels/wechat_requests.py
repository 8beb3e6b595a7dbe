"""Webhook requests built the way WeChat's servers build them: signed query strings, XML bodies, AES safe mode."""

import hashlib
import itertools
import time
from typing import Dict, Optional

import xmltodict
from wechatpy.crypto import WeChatCrypto

ACCOUNT = "gh_claims_helper"
_message_ids = itertools.count(24_000_000_000_000_000)
_nonces = itertools.count(1_000_000)


def signature(token: str, timestamp: str, nonce: str, *extra: str) -> str:
    """WeChat's signature: SHA-1 of the sorted values concatenated."""
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, *extra])).encode("utf-8")).hexdigest()


def signed_query(token: str, **extra: str) -> Dict[str, str]:
    """The query string WeChat adds to every webhook call."""
    timestamp, nonce = str(int(time.time())), str(next(_nonces))
    return {"signature": signature(token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce, **extra}


def message_xml(
    open_id: str, msg_type: str, msg_id: Optional[int] = None, create_time: Optional[int] = None, **fields: str
) -> str:
    """A message or event pushed to the Official Account; a fresh MsgId unless one is given."""
    message = {
        "ToUserName": ACCOUNT,
        "FromUserName": open_id,
        "CreateTime": create_time or int(time.time()),
        "MsgType": msg_type,
        **fields,
    }
    if msg_type != "event":
        message["MsgId"] = msg_id or next(_message_ids)
    return xmltodict.unparse({"xml": message}, full_document=False)


def text_xml(open_id: str, content: str, msg_id: Optional[int] = None) -> str:
    """A text message from a follower."""
    return message_xml(open_id, "text", msg_id, Content=content)


def encrypted(token: str, aes_key: str, app_id: str, xml: str) -> Dict:
    """Safe mode: the body with only the encrypted message, and the query with msg_signature and encrypt_type."""
    query = signed_query(token)
    envelope = WeChatCrypto(token, aes_key, app_id).encrypt_message(xml, query["nonce"], query["timestamp"])
    fields = xmltodict.parse(envelope)["xml"]
    body = xmltodict.unparse({"xml": {"ToUserName": ACCOUNT, "Encrypt": fields["Encrypt"]}}, full_document=False)
    assert fields["MsgSignature"] == signature(token, query["timestamp"], query["nonce"], fields["Encrypt"])
    return {"body": body, "query": {**query, "encrypt_type": "aes", "msg_signature": fields["MsgSignature"]}}
