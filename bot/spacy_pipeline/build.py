"""Build the local spaCy zh pipeline: jieba segmenter plus an entity ruler over our vocabulary."""

import argparse
from pathlib import Path
from typing import Dict, Iterator, List

import jionlp
import spacy
import yaml

from bot.nlu.jieba_dictionary import load_domain_dictionary

VOCABULARY_DIR = Path(__file__).resolve().parent.parent / "vocabulary"
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / ".build" / "zh_claims"
PIPELINE_NAME = "zh_claims"


def vocabulary_patterns(vocabulary_dir: Path = VOCABULARY_DIR) -> Iterator[Dict[str, str]]:
    """Yield entity-ruler patterns from the vocabulary files; the id is the normalised value."""
    for path in sorted(vocabulary_dir.glob("*.yml")):
        vocabulary = yaml.safe_load(path.read_text(encoding="utf-8"))
        for value, words in vocabulary["entries"].items():
            for word in words:
                yield {"label": vocabulary["label"], "pattern": word, "id": value}


def _names(place: Dict) -> List[str]:
    alias = place["_alias"]
    return [place["_full_name"], *([alias] if isinstance(alias, str) else alias)]


def region_patterns() -> Iterator[Dict[str, str]]:
    """Yield patterns for every province and prefecture city; the id is the province's short name."""
    for province in jionlp.china_location_loader().values():
        province_name = _names(province)[1]
        for name in _names(province):
            yield {"label": "region", "pattern": name, "id": province_name}
        for key, city in province.items():
            if key.startswith("_") or key == province["_full_name"]:
                continue
            for name in _names(city):
                if len(name) >= 2:
                    yield {"label": "region", "pattern": name, "id": province_name}


def build(output: Path = DEFAULT_OUTPUT) -> Path:
    """Create the pipeline and save it to `output`."""
    load_domain_dictionary()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.meta["name"] = PIPELINE_NAME
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "TEXT"})
    patterns = {(p["label"], p["pattern"]): p for p in [*vocabulary_patterns(), *region_patterns()]}
    ruler.add_patterns(list(patterns.values()))
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return output


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    print(f"spaCy pipeline saved to {build(parser.parse_args().output)}")
