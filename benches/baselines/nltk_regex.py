"""(a) NLTK SnowballStemmer("french") + regex tokenizer + collections.Counter.

No stem cache: every content token is stemmed (NLTK's stemmer is pure Python).
"""
from collections import Counter

from nltk.stem.snowball import SnowballStemmer

import common


def main():
    path = common.input_path()
    stemmer = SnowballStemmer("french")
    stop = common.load_stopwords()
    start = common.now()
    texts, size = common.read_texts(path)
    counts = Counter()
    tokens = 0
    find = common.TOKEN_RE.findall
    for text in texts:
        for tok in find(text.translate(common.APOSTROPHES)):
            tokens += 1
            if common.is_number(tok):
                continue
            lower = tok.lower()
            if lower in stop or lower.endswith("'"):
                continue
            counts[common.stem_compound(stemmer.stem, lower)] += 1
    seconds = common.now() - start
    common.report("nltk_regex", size, tokens, sum(counts.values()), len(counts), seconds)


if __name__ == "__main__":
    main()
