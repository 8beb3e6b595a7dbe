"""The training data repeats no real question we measure on, takes none from their pages, and no held-out message."""

import csv
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from bot.nlu.normalizer import normalize_text
from scripts.eval_real import DEV_SET, TEST_SET, answer_topics, dev_questions, held_out_questions

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


EXAMPLES = load_data(str(ROOT / "data" / "nlu")).intent_examples
TRAINING = [m.get("text") for m in EXAMPLES]
# The real questions among the training examples, each with the page it was read on.
REAL_EXAMPLE_SOURCES = {
    m.get("text"): m.get("metadata")["example"].get("source") for m in EXAMPLES if m.get("metadata", {}).get("example")
}


def sources(path: Path) -> set:
    """The pages a real-question set was read on."""
    with path.open(encoding="utf-8") as handle:
        return {row["source"] for row in csv.DictReader(handle, delimiter="\t")}


@pytest.mark.skipif(not DEV_SET.exists(), reason="the real-question dev set is not beside the repository")
def test_no_real_question_of_the_dev_set_is_in_the_training_data():
    assert near_copies(TRAINING, [q.text for q in dev_questions(DEV_SET)]) == []


def test_no_real_question_of_the_test_set_is_in_the_training_data():
    assert near_copies(TRAINING, [q.text for q in held_out_questions()]) == []


def test_every_real_training_question_names_its_page():
    assert len(REAL_EXAMPLE_SOURCES) >= 190
    assert [text for text, source in REAL_EXAMPLE_SOURCES.items() if not (source or "").startswith("http")] == []


def test_no_real_training_question_comes_from_a_page_of_the_test_set():
    test_pages = sources(TEST_SET)
    assert [text for text, source in REAL_EXAMPLE_SOURCES.items() if source in test_pages] == []


@pytest.mark.skipif(not DEV_SET.exists(), reason="the real-question dev set is not beside the repository")
def test_no_real_training_question_comes_from_a_page_of_the_dev_set():
    dev_pages = sources(DEV_SET)
    assert [text for text, source in REAL_EXAMPLE_SOURCES.items() if source in dev_pages] == []


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
