"""The domain user dictionary for jieba, shared by spaCy's zh tokenizer and our extractors."""

from pathlib import Path

import jieba

DICTIONARY_PATH = Path(__file__).resolve().parent.parent / "dictionaries" / "claims_userdict.txt"

_loaded = False


def load_domain_dictionary() -> None:
    """Load the claims vocabulary into jieba's global segmenter once."""
    global _loaded
    if not _loaded:
        jieba.setLogLevel("WARNING")
        jieba.load_userdict(str(DICTIONARY_PATH))
        _loaded = True
