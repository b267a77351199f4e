"""(c) scikit-learn CountVectorizer with a custom French analyzer
(lower-case, the same regex, PyStemmer french, stopwords, accents folded).

The document-term matrix gives the term count (its sum) and the types (the
vocabulary size); the analyzer also counts all word and number tokens.
"""
import Stemmer
from sklearn.feature_extraction.text import CountVectorizer

import common


def main():
    path = common.input_path()
    stemmer = Stemmer.Stemmer("french")
    stop = common.load_stopwords()
    stem = stemmer.stemWord
    find = common.TOKEN_RE.findall
    is_number = common.is_number
    stem_compound = common.stem_compound
    seen = [0]

    def analyzer(text):
        toks = find(text.translate(common.APOSTROPHES).lower())
        seen[0] += len(toks)
        return [stem_compound(stem, t) for t in toks
                if not is_number(t) and t not in stop and not t.endswith("'")]

    start = common.now()
    texts, size = common.read_texts(path)
    vectorizer = CountVectorizer(analyzer=analyzer)
    matrix = vectorizer.fit_transform(texts)
    seconds = common.now() - start
    common.report("sklearn_countvec", size, seen[0], int(matrix.sum()),
                  len(vectorizer.vocabulary_), seconds)


if __name__ == "__main__":
    main()
