"""(b) spaCy spacy.blank("fr") tokenizer + PyStemmer french + Counter.

spaCy's French tokenizer splits elisions (l', d', qu'…) and keeps its own
hyphen exceptions; punctuation and spaces are not counted, numbers
(like_num or starting with a digit) are counted as non-terms.
"""
from collections import Counter

import spacy
import Stemmer

import common


def main():
    path = common.input_path()
    nlp = spacy.blank("fr")
    stemmer = Stemmer.Stemmer("french")
    stop = common.load_stopwords()
    start = common.now()
    texts, size = common.read_texts(path)
    counts = Counter()
    tokens = 0
    stem = stemmer.stemWord
    for doc in nlp.tokenizer.pipe((t.translate(common.APOSTROPHES) for t in texts), batch_size=256):
        for tok in doc:
            if tok.is_punct or tok.is_space:
                continue
            text = tok.text
            if not any(c.isalnum() for c in text):
                continue  # symbols: parole counts them as punctuation
            tokens += 1
            if tok.like_num or common.is_number(text):
                continue
            lower = tok.lower_
            if lower in stop or lower.endswith("'"):
                continue
            counts[common.stem_compound(stem, lower)] += 1
    seconds = common.now() - start
    common.report("spacy_pystemmer", size, tokens, sum(counts.values()), len(counts), seconds)


if __name__ == "__main__":
    main()
