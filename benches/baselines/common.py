"""Shared helpers of the Python reference pipelines (benches/compare.sh).

Every pipeline does the same work as parole's term counting, so that the
content-token counts can be compared:

* apostrophes ' ’ ʼ are treated alike; an elided clitic (l' d' qu' jusqu'
  lorsqu' puisqu' quoiqu' s' n' c' j' m' t') is split off the word it leans
  on and is a stopword, as in parole;
* words are lower-cased, then looked up in parole's stopword list
  (stopwords/fr.txt, '#' comments);
* content words are stemmed (Snowball French, each hyphen part alone) with
  their accents, and accents are folded after stemming (NFD, combining marks
  dropped, œ→oe, æ→ae);
* tokens starting with a digit are numbers: counted as tokens, never terms;
* stage directions of transcripts, "(Applaudissements sur les bancs du
  groupe LR.)", are not speech: a bracket opening on one of parole's
  stage-direction words is removed before tokenising, as parole leaves its
  words out of every count.

Each pipeline prints one JSON line
{"pipeline", "bytes", "tokens", "terms", "types", "seconds"} where tokens
counts words and numbers (not punctuation), terms the content words, types
the distinct term keys, and seconds the processing time (reading and parsing
the JSONL included; interpreter start, imports and model set-up excluded).
"""

import json
import os
import re
import sys
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STOPWORDS_PATH = os.path.join(ROOT, "stopwords", "fr.txt")

CLITICS = "jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst]"
# The brief's regex \w+(?:[-']\w+)*, preceded by an alternative that takes an
# elided clitic alone (it is tried first at each token start, so
# "l'entrée" gives "l'" + "entrée" while "aujourd'hui" stays whole).
TOKEN_RE = re.compile(r"(?:%s)'(?=\w)|\w+(?:[-']\w+)*" % CLITICS, re.IGNORECASE)
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})


def load_stopwords(path=STOPWORDS_PATH):
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                words.add(line.translate(APOSTROPHES).lower())
    return words


def fold(s):
    if s.isascii():
        return s
    s = s.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def is_number(tok):
    return tok[0].isdigit()


# parole's list (src/analyze/mod.rs, STAGE_DIRECTIONS), a bracket with at
# most one level of brackets inside.
STAGE_RE = re.compile(
    r"\((?:applaudissements|approbations|brouhaha|bruits?|claquements|exclamations"
    r"|huées|interruptions|marques|mouvements?|murmures|mêmes?|nouveaux|nouvelles"
    r"|protestations|rires|sourires|vifs|vives)\b[^()]*(?:\([^()]*\)[^()]*)*\)",
    re.IGNORECASE,
)


def drop_stage_directions(text):
    return STAGE_RE.sub(" ", text) if "(" in text else text


def read_texts(path):
    """Texts of a JSONL file with a "text" field, without their stage
    directions, and their size in bytes (stage directions included)."""
    texts = []
    size = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            text = json.loads(line).get("text") or ""
            size += len(text.encode("utf-8"))
            texts.append(drop_stage_directions(text))
    return texts, size


def stem_compound(stem_word, lower):
    """Stem each hyphen-separated part alone, then fold accents."""
    if "-" in lower:
        return "-".join(fold(stem_word(p)) for p in lower.split("-"))
    return fold(stem_word(lower))


def report(pipeline, size, tokens, terms, types, seconds):
    print(json.dumps({
        "pipeline": pipeline,
        "bytes": size,
        "tokens": tokens,
        "terms": terms,
        "types": types,
        "seconds": round(seconds, 4),
    }))
    sys.stdout.flush()


def input_path():
    if len(sys.argv) != 2:
        sys.exit("usage: %s INPUT.jsonl" % sys.argv[0])
    return sys.argv[1]


now = time.perf_counter
