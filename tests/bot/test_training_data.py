"""The training data holds no near-copy of the real questions we measure on, and no message of our held-out sets."""

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from bot.nlu.normalizer import normalize_text
from scripts.eval_real import DEV_SET, answer_topics, dev_questions, held_out_questions

ROOT = Path(__file__).resolve().parents[2]
# Character-bigram overlap above which two messages are the same sentence with a word or two changed.
NEAR_COPY = 0.75


def bigrams(text: str) -> frozenset:
    characters = "".join(ch for ch in normalize_text(text) if ch.isalnum())
    return frozenset(characters[i : i + 2] for i in range(len(characters) - 1))


def overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / max(len(a | b), 1)


def near_copies(texts, others):
    """Pairs of a text and another that share nearly all their character bigrams."""
    other_grams = [(other, bigrams(other)) for other in others]
    return [
        (text, other)
        for text, text_grams in ((t, bigrams(t)) for t in texts)
        for other, grams in other_grams
        if len(grams) > 3 and overlap(text_grams, grams) >= NEAR_COPY
    ]


TRAINING = [m.get("text") for m in load_data(str(ROOT / "data" / "nlu")).intent_examples]


@pytest.mark.skipif(not DEV_SET.exists(), reason="the real-question dev set is not beside the repository")
def test_no_real_question_of_the_dev_set_is_in_the_training_data():
    assert near_copies(TRAINING, [q.text for q in dev_questions(DEV_SET)]) == []


def test_no_real_question_of_the_test_set_is_in_the_training_data():
    assert near_copies(TRAINING, [q.text for q in held_out_questions()]) == []


@pytest.mark.skipif(not DEV_SET.exists(), reason="the real-question dev set is not beside the repository")
def test_the_test_set_repeats_no_dev_question():
    assert near_copies([q.text for q in held_out_questions()], [q.text for q in dev_questions(DEV_SET)]) == []


def test_the_test_set_repeats_no_question_of_its_own():
    texts = [q.text for q in held_out_questions()]
    assert [pair for i, text in enumerate(texts) for pair in near_copies([text], texts[i + 1 :])] == []


def test_every_test_question_is_labelled_with_known_topics_and_answers():
    answer_topic = answer_topics()
    mislabelled = [
        (q.row, sorted(q.topics), q.acceptable)
        for q in held_out_questions()
        if not q.acceptable
        or not q.topics <= set(answer_topic.values())
        or any(answer not in answer_topic for answer in q.acceptable)
    ]
    assert mislabelled == []


def test_no_held_out_message_is_in_the_training_data():
    held_out = {normalize_text(m.get("text")) for m in load_data(str(ROOT / "tests" / "nlu")).intent_examples}
    assert [text for text in TRAINING if normalize_text(text) in held_out] == []
