"""Custom Rasa NLU components for Chinese claimants' messages."""

from bot.nlu.jieba_dictionary import load_domain_dictionary

# spaCy's zh tokenizer segments with jieba's global state, and its entity ruler tokenises the
# patterns when the pipeline loads: the dictionary must be in place before either happens,
# and Rasa imports this package before it loads any component.
load_domain_dictionary()
