#!/usr/bin/env bash
# Whole-process speed comparison of parole against Python reference pipelines.
#
#   benches/compare.sh [FOLDER_OR_JSONL] [SIZE_MB]
#
# Builds a JSONL input of about SIZE_MB megabytes of text (default 200; by
# default from ../shared/corpora/an_qg_l15/qg_l15.jsonl, fields question_text
# and reponse_text), runs `parole analyze` with 1 and 2 threads and the Python
# pipelines of benches/baselines/ alternately for ROUNDS rounds, checks that
# the content-token counts agree within TOLERANCE %, and prints a table of the
# medians. Each round also runs two `parole --threads 1` at once, to show how
# much the two cores slow each other down on this work. See benches/README.md.
#
# Environment:
#   ROUNDS=3          rounds (median taken)
#   TOLERANCE=10      allowed difference of Python content tokens vs parole, in %
#   PIPELINES="nltk_regex spacy_pystemmer sklearn_countvec pystemmer_cache"
#   PAROLE_BIN=...    use this binary instead of `cargo build --release`
#   PYTHON=python3    interpreter used to create target/bench-venv
#   KEEP=1            keep the temporary folder (input, reports, timings)
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in benches/baselines

die() { echo "compare.sh: error: $*" >&2; exit 1; }
say() { echo "compare.sh: $*" >&2; }

# Resolve the input against the caller's directory before moving.
INPUT_ARG="${1:-}"
SIZE_MB="${2:-200}"
if [[ -n "$INPUT_ARG" ]]; then
    [[ -e "$INPUT_ARG" ]] || die "input '$INPUT_ARG' does not exist"
    INPUT_ARG="$(cd "$(dirname "$INPUT_ARG")" && pwd)/$(basename "$INPUT_ARG")"
fi
[[ "$SIZE_MB" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "SIZE_MB must be a number, got '$SIZE_MB'"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ROUNDS="${ROUNDS:-3}"
TOLERANCE="${TOLERANCE:-10}"
PIPELINES="${PIPELINES:-nltk_regex spacy_pystemmer sklearn_countvec pystemmer_cache}"
PYTHON="${PYTHON:-python3}"
DEFAULT_INPUT="../shared/corpora/an_qg_l15/qg_l15.jsonl"

if [[ -z "$INPUT_ARG" ]]; then
    if [[ ! -f "$DEFAULT_INPUT" ]]; then
        echo "compare.sh: notice: no input given and $DEFAULT_INPUT (relative to $ROOT) is absent;"
        echo "compare.sh: notice: nothing to measure. Pass a folder of .txt or a JSONL file with a \"text\" field."
        exit 0
    fi
    INPUT_ARG="$ROOT/$DEFAULT_INPUT"
fi

[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed for wall time and peak RSS (apt-get install time)"
command -v "$PYTHON" >/dev/null || die "$PYTHON not found"
for p in $PIPELINES; do
    [[ -f "benches/baselines/$p.py" ]] || die "no pipeline benches/baselines/$p.py"
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/parole-compare.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then
    say "keeping $TMP"
else
    trap 'rm -rf "$TMP"' EXIT
fi

# 1. The input ---------------------------------------------------------------
say "building about ${SIZE_MB} MB of text from $INPUT_ARG"
INPUT="$TMP/input.jsonl"
"$PYTHON" - "$INPUT_ARG" "$SIZE_MB" "$INPUT" <<'PY'
import json, os, sys
src, size_mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
target = int(size_mb * 1_000_000)

def records():
    if os.path.isdir(src):
        paths = []
        for d, _, files in os.walk(src):
            paths += [os.path.join(d, f) for f in files if f.endswith(".txt")]
        for p in sorted(paths):
            with open(p, encoding="utf-8", errors="replace") as f:
                yield os.path.relpath(p, src), f.read()
        return
    with open(src, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            o = json.loads(line)
            if "question_text" in o or "reponse_text" in o:
                parts = [o.get("question_text") or "", o.get("reponse_text") or ""]
                text = "\n\n".join(p for p in parts if p)
            else:
                text = o.get("text") or ""
            yield str(o.get("uid") or o.get("id") or n), text

base = [(i, t) for i, t in records() if t.strip()]
if not base:
    sys.exit("compare.sh: error: no text found in %s (want .txt files, or JSONL with "
             "\"text\" or question_text/reponse_text)" % src)
written, rnd, docs = 0, 0, 0
with open(out, "w", encoding="utf-8") as f:
    while written < target:
        for i, t in base:
            f.write(json.dumps({"id": "%s#%d" % (i, rnd), "text": t}, ensure_ascii=False))
            f.write("\n")
            written += len(t.encode("utf-8"))
            docs += 1
            if written >= target:
                break
        rnd += 1
print("compare.sh: input: %d documents, %.1f MB of text (%d passes over %d source documents), file %.1f MB"
      % (docs, written / 1e6, rnd, len(base), os.path.getsize(out) / 1e6), file=sys.stderr)
PY

# 2. The Python environment (created once, reused) -----------------------------
VENV="$ROOT/target/bench-venv"
VPY="$VENV/bin/python"
if [[ ! -f "$VENV/.parole-bench-ready" ]]; then
    say "setting up $VENV (once): pip install nltk PyStemmer scikit-learn spacy"
    mkdir -p "$ROOT/target"
    [[ -x "$VPY" ]] || "$PYTHON" -m venv "$VENV" || die "cannot create the venv (install python3-venv?)"
    "$VPY" -m pip install --quiet --upgrade pip || die "pip upgrade failed"
    "$VPY" -m pip install --quiet nltk PyStemmer scikit-learn spacy || die "pip install failed (is PyPI reachable?)"
    touch "$VENV/.parole-bench-ready"
fi
"$VPY" -c 'import nltk, Stemmer, sklearn, spacy' 2>/dev/null \
    || die "the venv $VENV is broken: remove it and re-run"

# 3. parole -------------------------------------------------------------------
if [[ -n "${PAROLE_BIN:-}" ]]; then
    PAROLE="$PAROLE_BIN"
else
    say "cargo build --release"
    cargo build --release --quiet || die "cargo build --release failed"
    PAROLE="$ROOT/target/release/parole"
fi
[[ -x "$PAROLE" ]] || die "no parole binary at $PAROLE"

# 4. Runs, alternating parole and Python ----------------------------------------
RESULTS="$TMP/results.jsonl"
: > "$RESULTS"

run_parole() { # THREADS ROUND
    local t="$1" r="$2" rep="$TMP/report.jsonl"
    rm -f "$rep"
    /usr/bin/time -f '%e %M' -o "$TMP/time" \
        "$PAROLE" analyze "$INPUT" --format jsonl --quiet --threads "$t" -o "$rep" \
        || die "parole analyze (--threads $t) failed"
    "$PYTHON" - "$rep" "$TMP/time" "parole_t$t" "$r" >> "$RESULTS" <<'PY'
import json, sys
rep, timef, name, rnd = sys.argv[1:]
last = None
with open(rep, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            last = line
c = json.loads(last)["corpus"]
wall, rss = open(timef).read().split()[-2:]
print(json.dumps({"name": name, "round": int(rnd), "wall": float(wall), "rss_kb": int(rss),
                  "tokens": c["tokens"], "terms": c["content_tokens"], "types": c["types"],
                  "seconds": None}))
PY
    say "round $r: parole --threads $t: $(cat "$TMP/time" | tail -1) (wall s, peak KB)"
}

run_python() { # PIPELINE ROUND
    local p="$1" r="$2"
    /usr/bin/time -f '%e %M' -o "$TMP/time" \
        "$VPY" "benches/baselines/$p.py" "$INPUT" > "$TMP/py.json" \
        || die "pipeline $p failed"
    "$PYTHON" - "$TMP/py.json" "$TMP/time" "$p" "$r" >> "$RESULTS" <<'PY'
import json, sys
out, timef, name, rnd = sys.argv[1:]
o = json.loads(open(out).read().strip().splitlines()[-1])
wall, rss = open(timef).read().split()[-2:]
print(json.dumps({"name": name, "round": int(rnd), "wall": float(wall), "rss_kb": int(rss),
                  "tokens": o["tokens"], "terms": o["terms"], "types": o["types"],
                  "seconds": o["seconds"], "bytes": o["bytes"]}))
PY
    say "round $r: $p: $(tail -1 "$TMP/time") (wall s, peak KB)"
}

# Two `--threads 1` runs at once, each on its own copy of the work: how much
# the two cores slow each other down on this workload (shared cache and
# memory), which bounds what two threads of one run can gain.
run_pair() { # ROUND
    local r="$1"
    /usr/bin/time -f '%e %M' -o "$TMP/time_a" \
        "$PAROLE" analyze "$INPUT" --format jsonl --quiet --threads 1 -o "$TMP/pair_a.jsonl" &
    local other=$!
    /usr/bin/time -f '%e %M' -o "$TMP/time_b" \
        "$PAROLE" analyze "$INPUT" --format jsonl --quiet --threads 1 -o "$TMP/pair_b.jsonl" \
        || die "parole analyze (two at once) failed"
    wait "$other" || die "parole analyze (two at once) failed"
    "$PYTHON" - "$TMP/time_a" "$TMP/time_b" "$r" >> "$RESULTS" <<'PY'
import json, sys
a, b, rnd = sys.argv[1:]
wall = max(float(open(f).read().split()[-2]) for f in (a, b))
print(json.dumps({"name": "pair", "round": int(rnd), "wall": wall}))
PY
    say "round $r: two parole --threads 1 at once: $(tail -1 "$TMP/time_a"), $(tail -1 "$TMP/time_b") (wall s, peak KB)"
}

for ((r = 1; r <= ROUNDS; r++)); do
    i=0
    for p in $PIPELINES; do
        # parole 1 thread, then 2 threads, before alternate pipelines.
        run_parole $((i % 2 + 1)) "$r"
        run_python "$p" "$r"
        i=$((i + 1))
    done
    # Make sure both thread counts ran at least once per round.
    [[ $i -ge 2 ]] || run_parole 2 "$r"
    run_pair "$r"
done

# 5. Check and table ----------------------------------------------------------------
"$PYTHON" - "$RESULTS" "$TOLERANCE" <<'PY'
import json, statistics, sys
path, tol = sys.argv[1], float(sys.argv[2])
rows = [json.loads(l) for l in open(path)]
pair = [r["wall"] for r in rows if r["name"] == "pair"]
rows = [r for r in rows if r["name"] != "pair"]
names = []
for r in rows:
    if r["name"] not in names:
        names.append(r["name"])
names.sort(key=lambda n: (not n.startswith("parole"), n))
size = next(r["bytes"] for r in rows if r.get("bytes"))
mb = size / 1e6
med = {}
for n in names:
    rs = [r for r in rows if r["name"] == n]
    med[n] = {
        "runs": len(rs),
        "wall": statistics.median(r["wall"] for r in rs),
        "proc": statistics.median(r["seconds"] for r in rs) if rs[0]["seconds"] is not None else None,
        "rss": max(r["rss_kb"] for r in rs) / 1024,
        "tokens": rs[0]["tokens"], "terms": rs[0]["terms"], "types": rs[0]["types"],
    }
ref = med.get("parole_t1") or med.get("parole_t2")
py = [n for n in names if not n.startswith("parole")]
best_wall = max(mb / med[n]["wall"] for n in py) if py else None
best_proc = min(med[n]["proc"] for n in py) if py else None
print()
print("Input: %.1f MB of text; medians of %s; MB = 10^6 bytes of text." %
      (mb, ", ".join("%d %s" % (med[n]["runs"], n) for n in names)))
print()
hdr = ("pipeline", "wall s", "MB/s wall", "MB/s proc", "x fastest py", "peak MB",
       "tokens", "content", "diff", "types")
print("| " + " | ".join(hdr) + " |")
print("|" + "|".join("---" for _ in hdr) + "|")
bad = []
for n in names:
    m = med[n]
    rate = mb / m["wall"]
    proc = "%.2f" % (mb / m["proc"]) if m["proc"] else "-"
    ratio = "%.2f" % (rate / best_wall) if best_wall else "-"
    diff = (m["terms"] - ref["terms"]) / ref["terms"] * 100
    if not n.startswith("parole") and abs(diff) > tol:
        bad.append((n, diff))
    print("| %s | %.2f | %.2f | %s | %s | %.0f | %d | %d | %+.1f %% | %d |" % (
        n, m["wall"], rate, proc, ratio, m["rss"], m["tokens"], m["terms"], diff, m["types"]))
print()
print("MB/s wall: whole process (interpreter start, imports, reading, writing the report).")
print("MB/s proc: Python's own timing of reading + processing, without interpreter start and imports.")
print("x fastest py: MB/s wall over the fastest Python pipeline's MB/s wall.")
if "parole_t1" in med and "parole_t2" in med:
    print("parole speed-up, 2 threads vs 1: %.2fx" % (med["parole_t1"]["wall"] / med["parole_t2"]["wall"]))
if pair and "parole_t1" in med:
    slow = statistics.median(pair) / med["parole_t1"]["wall"]
    print("two parole --threads 1 runs at once: the pair takes %.2fx as long as one alone (median of %d);"
          % (slow, len(pair)))
    print("  above 1.00x, the two cores slow each other down on this work (shared cache, memory,")
    print("  the host), and two threads of one run meet the same contention")
if best_proc and "parole_t1" in med:
    print("parole 1 thread (whole process) vs fastest Python (processing only): %.2fx"
          % (best_proc / med["parole_t1"]["wall"]))
print("content-token agreement with parole: tolerance %g %%" % tol)
if bad:
    for n, d in bad:
        print("  FAIL: %s differs by %+.1f %% (> %g %%): not comparable work" % (n, d, tol))
    sys.exit(1)
print("  all Python pipelines within tolerance")
PY
