"""The spaCy pipeline's entity ruler recognises our vocabulary and normalises it."""

import pytest
import spacy

import bot.nlu  # noqa: F401  (loads the jieba dictionary before the pipeline)
from bot.spacy_pipeline.build import DEFAULT_OUTPUT


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(DEFAULT_OUTPUT)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("对方全责", [("全责", "liability", "全责")]),
        ("他负主要责任", [("负主要责任", "liability", "主责")]),
        ("交警判了同等责任", [("同等责任", "liability", "同责")]),
        ("三者险赔多少", [("三者险", "insurance_type", "商业三者险")]),
        ("住院伙食费怎么算", [("住院伙食费", "cost_item", "住院伙食补助费")]),
        ("在深圳出的事", [("深圳", "region", "广东")]),
        ("江苏省的标准", [("江苏省", "region", "江苏")]),
        ("南京中山路", [("南京", "region", "江苏")]),
    ],
)
def test_vocabulary_entities_carry_their_normalised_value(nlp, text, expected):
    doc = nlp(text)
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == expected


def test_a_street_named_after_a_city_is_not_that_city(nlp):
    assert [e.text for e in nlp("在中山路口").ents] == []
