"""(d) PyStemmer french + a dict cache from lower-case word to term key +
collections.Counter: the fastest plain-Python way we know to do this work.
"""
from collections import Counter

import Stemmer

import common


def main():
    path = common.input_path()
    stemmer = Stemmer.Stemmer("french")
    stop = common.load_stopwords()
    stem = stemmer.stemWord
    stem_compound = common.stem_compound
    find = common.TOKEN_RE.findall
    apostrophes = common.APOSTROPHES
    start = common.now()
    texts, size = common.read_texts(path)
    counts = Counter()
    cache = {}
    tokens = 0
    for text in texts:
        toks = find(text.translate(apostrophes).lower())
        tokens += len(toks)
        for t in toks:
            key = cache.get(t)
            if key is None:
                if t[0].isdigit() or t in stop or t.endswith("'"):
                    key = ""
                else:
                    key = stem_compound(stem, t)
                cache[t] = key
            if key:
                counts[key] += 1
    seconds = common.now() - start
    common.report("pystemmer_cache", size, tokens, sum(counts.values()), len(counts), seconds)


if __name__ == "__main__":
    main()
