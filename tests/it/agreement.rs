//! The commands agree with each other: on the same corpus and options,
//! the figures that two commands both give are the same (a theme's matches
//! in `kwic` and in `analyze`'s evidence, a word's occurrences in `kwic`,
//! `collocates`, `compare --terms` and `analyze`'s term counts, a group of
//! `compare` and the documents `analyze --where` keeps, the themes `analyze`
//! assigns and those `eval` scores, the passage mode, stopword list and
//! lexicon that `kwic` and `collocates` record and those of `analyze`, the
//! lexicon record of `eval`, `themes` and `train --base` and that of
//! `analyze`), so
//! that a researcher who puts the outputs side by side finds no difference
//! that README does not explain.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{run_ok, run_ok_with_stdin};

fn json_with_stdin(args: &[&str], input: &str) -> Value {
    serde_json::from_slice(&run_ok_with_stdin(args, input.as_bytes())).expect("a JSON report")
}

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&run_ok(args)).expect("a JSON report")
}

/// The rows of a CSV table, each a map of column to cell.
fn csv_rows(args: &[&str]) -> Vec<BTreeMap<String, String>> {
    let out = run_ok(args);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .zip(r.iter())
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

/// `args` then `extra`, as one argument list.
fn with<'a>(args: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    args.iter().chain(extra).copied().collect()
}

fn array(v: &Value) -> &Vec<Value> {
    v.as_array().expect("an array")
}

fn text(v: &Value) -> String {
    v.as_str().expect("a string").to_string()
}

fn int(v: &Value) -> u64 {
    v.as_u64().expect("an integer")
}

fn float(v: &Value) -> f64 {
    v.as_f64().expect("a number")
}

/// Each document's passages by index.
fn passages(report: &Value) -> BTreeMap<(String, u64), &Value> {
    array(&report["documents"])
        .iter()
        .flat_map(|d| {
            array(&d["passages"])
                .iter()
                .map(move |p| ((text(&d["id"]), int(&p["index"])), p))
        })
        .collect()
}

/// The name and document count of each group of a comparison.
fn group_sizes(report: &Value) -> Vec<(String, u64)> {
    report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap().to_string(),
                g["documents"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A value typed with decomposed accents (`E` and U+0301, as some systems
/// and copies from PDF give it) is the value written with composed ones for
/// `--where` and `--rename`; `compare --by` puts both in one group, rather
/// than two groups that print alike.
#[test]
fn a_value_with_decomposed_accents_is_one_group_as_where_keeps_it() {
    let input = concat!(
        "{\"id\":\"a\",\"parti\":\"\u{c9}cologistes\",\"tags\":[\"\u{c9}cologie\"],",
        "\"text\":\"La transition écologique protège la biodiversité.\"}\n",
        "{\"id\":\"b\",\"parti\":\"E\u{301}cologistes\",\"tags\":[\"E\u{301}cologie\",\"Sant\u{e9}\"],",
        "\"text\":\"Nous protégeons la biodiversité et le climat.\"}\n",
        "{\"id\":\"c\",\"parti\":\"Autres\",\"tags\":[\"Sante\u{301}\"],",
        "\"text\":\"Le budget de la commune et des hôpitaux.\"}\n",
    );
    let kept = json_with_stdin(
        &["analyze", "-", "--where", "parti=\u{c9}cologistes"],
        input,
    );
    assert_eq!(kept["corpus"]["documents"], 2);
    let by = json_with_stdin(&["compare", "-", "--by", "parti"], input);
    assert_eq!(
        group_sizes(&by),
        [
            ("Autres".to_string(), 1),
            ("\u{c9}cologistes".to_string(), 2)
        ]
    );
    let each = json_with_stdin(&["compare", "-", "--by", "tags:each"], input);
    assert_eq!(
        group_sizes(&each),
        [
            ("Sant\u{e9}".to_string(), 2),
            ("\u{c9}cologie".to_string(), 2)
        ]
    );
    for (tag, documents) in [("Sant\u{e9}", 2), ("E\u{301}cologie", 2)] {
        let kept = json_with_stdin(&["analyze", "-", "--where", &format!("tags={tag}")], input);
        assert_eq!(kept["corpus"]["documents"], documents, "{tag}");
    }
}

/// A field name typed with decomposed accents (`anne` and U+0301) is the
/// field of the same name composed, in the corpus and on the command line:
/// `--where`, `--by` and the CSV tables' metadata columns find it under one
/// name; a record holding both spellings keeps them apart and says so.
#[test]
fn a_field_name_with_decomposed_accents_is_the_composed_field() {
    let input = concat!(
        "{\"id\":\"a\",\"anne\u{301}e\":\"2021\",\"text\":\"La transition écologique.\"}\n",
        "{\"id\":\"b\",\"ann\u{e9}e\":\"2022\",\"text\":\"Le budget de la commune.\"}\n",
    );
    for field in ["ann\u{e9}e", "anne\u{301}e"] {
        let kept = json_with_stdin(
            &["analyze", "-", "--where", &format!("{field}=2021")],
            input,
        );
        assert_eq!(kept["corpus"]["documents"], 1, "{field}");
        let compared = json_with_stdin(&["compare", "-", "--by", field], input);
        assert_eq!(
            group_sizes(&compared),
            [("2021".to_string(), 1), ("2022".to_string(), 1)],
            "{field}"
        );
    }
    let table = run_ok_with_stdin(
        &["analyze", "-", "--format", "csv", "--table", "documents"],
        input.as_bytes(),
    );
    let table = String::from_utf8(table).unwrap();
    assert!(
        table.starts_with(
            "document,source,encoding,tokens,content_tokens,types,passages,meta,meta.ann\u{e9}e\n"
        ),
        "{table}"
    );
    // A byte order mark or a space around a key, as joined files leave them.
    let around = "{\"id\":\"a\",\"\u{feff}parti \":\"PS\",\"text\":\"Le climat.\"}\n";
    let kept = json_with_stdin(&["analyze", "-", "--where", "parti=PS"], around);
    assert_eq!(
        kept["documents"][0]["meta"],
        serde_json::json!({"parti": "PS"})
    );
    let both = "{\"id\":\"a\",\"anne\u{301}e\":\"2021\",\"ann\u{e9}e\":\"2020\",\"text\":\"Le climat.\"}\n";
    let report = json_with_stdin(&["analyze", "-"], both);
    let document = &report["documents"][0];
    assert_eq!(document["meta"]["anne\u{301}e"], "2021");
    assert_eq!(document["meta"]["ann\u{e9}e"], "2020");
    assert!(
        document["warnings"][0]
            .as_str()
            .unwrap()
            .contains("differ only in how their accents are typed or in invisible"),
        "{document}"
    );
}

/// A speaker label typed with composed accents in two turns and decomposed
/// ones in two others is one speaker for `compare --by-turn`, as a field's
/// values are one group.
#[test]
fn a_speaker_label_with_decomposed_accents_is_one_group() {
    let input = concat!(
        "{\"id\":\"t\",\"text\":\"JEAN-LUC M\u{c9}LENCHON : La souveraineté du peuple.\\n\\n",
        "Q : Et la régulation ?\\n\\nJEAN-LUC M\u{c9}LENCHON : La dette.\\n\\nQ : Et alors ?\\n\\n",
        "JEAN-LUC ME\u{301}LENCHON : La planification écologique.\\n\\nQ : Et ensuite ?\\n\\n",
        "JEAN-LUC ME\u{301}LENCHON : Le climat.\"}\n",
    );
    let compared = json_with_stdin(&["compare", "-", "--by-turn"], input);
    let passages: Vec<(String, u64)> = compared["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap().to_string(),
                g["passages"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        passages,
        [
            ("JEAN-LUC M\u{c9}LENCHON".to_string(), 4),
            ("Q".to_string(), 3)
        ]
    );
}

/// A year written `2021.0` (as pandas writes a column of numbers with
/// gaps) is the year `2021`: one group in `compare --by annee` and
/// `--by annee:year`, kept by `--where annee=2021`, and written `2021` in the
/// CSV tables.
#[test]
fn a_number_written_with_a_point_is_one_group_as_where_keeps_it() {
    let input = concat!(
        "{\"id\":\"a\",\"annee\":2021,\"text\":\"La transition écologique.\"}\n",
        "{\"id\":\"b\",\"annee\":2021.0,\"text\":\"La biodiversité et le climat.\"}\n",
        "{\"id\":\"c\",\"annee\":2022.0,\"text\":\"Le budget de la commune.\"}\n",
    );
    let kept = json_with_stdin(&["analyze", "-", "--where", "annee=2021"], input);
    assert_eq!(kept["corpus"]["documents"], 2);
    for by in ["annee", "annee:year"] {
        let compared = json_with_stdin(&["compare", "-", "--by", by], input);
        assert_eq!(
            group_sizes(&compared),
            [("2021".to_string(), 2), ("2022".to_string(), 1)],
            "{by}"
        );
    }
}

/// A theme's match: document, passage, span, entry, weight, the passage's
/// score for the theme and whether it got the theme.
type Match = (String, u64, [u64; 2], String, f64, f64, bool);

/// Every theme's matches, in `analyze`'s JSON, in its CSV table of
/// evidence, as `kwic ID` lists them (with `--assigned`, those of the
/// passages that got the theme) and as `collocates ID` counts them; each
/// `kwic` line lies in the passage of `analyze` that it names, with its
/// speaker, and its keyword is the passage's text at its span; within the
/// theme (`--within-theme`), `kwic` lists the matches `--assigned` keeps.
#[test]
fn a_themes_matches_are_alike_in_analyze_kwic_and_collocates() {
    for mode in ["paragraph", "sentence", "document"] {
        let reading = ["--passage", mode];
        let analysis = json(&with(&["analyze", "corpus/"], &reading));
        let table = csv_rows(&with(
            &[
                "analyze", "corpus/", "--format", "csv", "--table", "evidence",
            ],
            &reading,
        ));
        let by_index = passages(&analysis);
        for theme in array(&analysis["config"]["lexicon"]["themes"]) {
            let theme = theme.as_str().unwrap();
            let mut evidence: Vec<Match> = Vec::new();
            for ((id, index), p) in &by_index {
                let assigned = array(&p["themes"]).iter().any(|t| t == theme);
                for e in array(&p["evidence"]).iter().filter(|e| e["theme"] == theme) {
                    evidence.push((
                        id.clone(),
                        *index,
                        [int(&e["span"][0]), int(&e["span"][1])],
                        text(&e["entry"]),
                        float(&e["weight"]),
                        float(&p["scores"][theme]),
                        assigned,
                    ));
                }
            }
            // Input order: documents as read (ids sort so here), then spans.
            evidence.sort_by(|a, b| (&a.0, a.2).cmp(&(&b.0, b.2)));
            let rows: Vec<Match> = table
                .iter()
                .filter(|r| r["theme"] == theme)
                .map(|r| {
                    (
                        r["document"].clone(),
                        r["passage"].parse().unwrap(),
                        [r["start"].parse().unwrap(), r["end"].parse().unwrap()],
                        r["entry"].clone(),
                        r["weight"].parse().unwrap(),
                        r["score"].parse().unwrap(),
                        r["assigned"] == "true",
                    )
                })
                .collect();
            assert_eq!(rows, evidence, "{mode} {theme}: CSV table");
            let found = json(&with(&["kwic", theme, "corpus/", "-q"], &reading));
            assert_eq!(found["query"]["kind"], "theme");
            assert_eq!(int(&found["occurrences"]), evidence.len() as u64);
            let lines: Vec<Match> = array(&found["lines"])
                .iter()
                .map(|l| {
                    let key = (text(&l["id"]), int(&l["passage"]));
                    let p = by_index[&key];
                    let span = [int(&l["span"][0]), int(&l["span"][1])];
                    let start = int(&p["span"][0]);
                    assert!(start <= span[0] && span[1] <= int(&p["span"][1]), "{l}");
                    let bytes = text(&p["text"]).into_bytes();
                    let at = &bytes[(span[0] - start) as usize..(span[1] - start) as usize];
                    assert_eq!(at, text(&l["keyword"]).as_bytes(), "{l}");
                    if mode != "document" {
                        // A whole document is in no one turn; its lines
                        // name their own.
                        assert_eq!(l["speaker"], p["speaker"], "{l}");
                    }
                    (
                        key.0,
                        key.1,
                        span,
                        text(&l["entry"]),
                        float(&l["weight"]),
                        float(&l["score"]),
                        l["assigned"].as_bool().unwrap(),
                    )
                })
                .collect();
            assert_eq!(lines, evidence, "{mode} {theme}: kwic");
            let assigned = evidence.iter().filter(|m| m.6).count() as u64;
            let kept = json(&with(
                &["kwic", theme, "corpus/", "--assigned", "-q"],
                &reading,
            ));
            assert_eq!(int(&kept["occurrences"]), assigned, "{mode} {theme}");
            if mode == "paragraph" {
                // Within the theme's passages, its matches are those of
                // the passages assigned it.
                let within = json(&["kwic", theme, "corpus/", "--within-theme", theme]);
                assert_eq!(within["lines"], kept["lines"], "{theme}");
                for (extra, occurrences) in [
                    (None, evidence.len() as u64),
                    (Some("--assigned"), assigned),
                ] {
                    let args = with(&["collocates", theme, "corpus/", "-q"], extra.as_slice());
                    assert_eq!(
                        int(&json(&args)["occurrences"]),
                        occurrences,
                        "{theme} {extra:?}"
                    );
                }
            }
        }
    }
}

/// Counts per document of `lines` (a `kwic` report's).
fn per_document(found: &Value) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for l in array(&found["lines"]) {
        *counts.entry(text(&l["id"])).or_default() += 1;
    }
    counts
}

/// A word's occurrences: `kwic` finds in each document as many as
/// `analyze` counts of its term (`--table document-terms`), and of a
/// bigram's phrase as `--table document-ngrams` counts; `collocates` counts
/// `kwic`'s occurrences, and `compare --terms` puts each in the group of its
/// document, whatever the pattern (a prefix, a phrase, an acronym, a
/// stopword, an elided article), also within a theme and a subset.
#[test]
fn a_words_occurrences_are_alike_in_kwic_collocates_compare_and_analyze() {
    let analysis = json(&[
        "analyze",
        "corpus/",
        "--top",
        "25",
        "--min-ngram-count",
        "1",
    ]);
    let mut matrix: BTreeMap<(String, String), BTreeMap<String, u64>> = BTreeMap::new();
    for table in ["document-terms", "document-ngrams"] {
        for r in csv_rows(&["analyze", "corpus/", "--format", "csv", "--table", table]) {
            matrix
                .entry((table.to_string(), r["key"].clone()))
                .or_default()
                .insert(r["document"].clone(), r["count"].parse().unwrap());
        }
    }
    let terms = array(&analysis["terms"])
        .iter()
        .map(|t| ("document-terms", t));
    let bigrams = array(&analysis["ngrams"])
        .iter()
        .filter(|g| g["n"] == 2)
        .take(10)
        .map(|g| ("document-ngrams", g));
    for (table, term) in terms.chain(bigrams) {
        let key = text(&term["key"]);
        let display = text(&term["display"]);
        let found = json(&["kwic", &display, "corpus/"]);
        let counts = per_document(&found);
        assert_eq!(int(&found["occurrences"]), int(&term["count"]), "{display}");
        assert_eq!(counts.len() as u64, int(&term["documents"]), "{display}");
        assert_eq!(counts, matrix[&(table.to_string(), key)], "{display}");
    }
    let patterns = [
        "souverain*",
        "transition écologique",
        "Etat",
        "IA",
        "le",
        "l'État",
        "nous",
        "données",
    ];
    let listed = patterns.join(",");
    for extra in [
        &[][..],
        &["--within-theme", "regulation"],
        &["--where", "type!=communiqué", "--passage", "sentence"],
    ] {
        let comparison = json(&with(
            &[
                "compare", "corpus/", "--by", "parti", "--terms", &listed, "-q",
            ],
            extra,
        ));
        for (q, pattern) in patterns.iter().enumerate() {
            let found = json(&with(&["kwic", pattern, "corpus/", "-q"], extra));
            let mut by_party: BTreeMap<String, u64> = BTreeMap::new();
            for l in array(&found["lines"]) {
                *by_party.entry(text(&l["meta"]["parti"])).or_default() += 1;
            }
            for g in array(&comparison["groups"]) {
                let count = int(&g["terms"][q]["count"]);
                let name = text(&g["name"]);
                assert_eq!(
                    count,
                    by_party.get(&name).copied().unwrap_or(0),
                    "{pattern} {name} {extra:?}"
                );
            }
            let near = json(&with(&["collocates", pattern, "corpus/", "-q"], extra));
            assert_eq!(
                near["occurrences"], found["occurrences"],
                "{pattern} {extra:?}"
            );
            assert_eq!(near["documents_searched"], found["documents_searched"]);
        }
    }
}

/// The figures `analyze` gives of the documents it keeps, or `None` when
/// the conditions keep none.
fn analyze_where(conditions: &[String], extra: &[&str]) -> Option<Value> {
    let mut args = vec![
        "analyze",
        "corpus/",
        "-q",
        "--top",
        "0",
        "--min-ngram-count",
        "1",
    ];
    for c in conditions {
        args.extend(["--where", c.as_str()]);
    }
    args.extend(extra);
    let out = crate::common::run(&args);
    match out.status.code() {
        Some(0) => Some(serde_json::from_slice(&out.stdout).unwrap()),
        _ => None,
    }
}

/// A key's count in `rows` (`terms` or `ngrams` of a report), 0 if absent.
fn count_of(rows: &Value, key: &Value) -> u64 {
    array(rows)
        .iter()
        .find(|r| &r["key"] == key)
        .map_or(0, |r| int(&r["count"]))
}

/// Each group of `compare --by parti` is the documents `analyze --where
/// parti=GROUP` keeps: their sizes, theme passages and shares, term and
/// n-gram counts (against the rest: the corpus's less the group's), Lafon's
/// counts, and the evidence passages, the group's best scored of each core
/// theme; also in sentences within a theme.
#[test]
fn compare_groups_are_the_documents_analyze_where_keeps() {
    for extra in [
        &[][..],
        &["--passage", "sentence", "--within-theme", "ecologie"],
    ] {
        let comparison = json(&with(
            &[
                "compare",
                "corpus/",
                "--by",
                "parti",
                "--top",
                "0",
                "--min-count",
                "1",
                "-q",
            ],
            extra,
        ));
        let whole = analyze_where(&[], extra).unwrap();
        let mut theme_passages: BTreeMap<String, u64> = BTreeMap::new();
        for g in array(&comparison["groups"]) {
            let name = text(&g["name"]);
            let part = analyze_where(&[format!("parti={name}")], extra).unwrap();
            let corpus = &part["corpus"];
            for size in ["documents", "passages", "tokens", "content_tokens"] {
                assert_eq!(g[size], corpus[size], "{name} {size} {extra:?}");
            }
            let themes = array(&part["themes"]);
            for s in array(&comparison["theme_shares"])
                .iter()
                .filter(|s| s["group"] == name)
            {
                let t = themes.iter().find(|t| t["id"] == s["theme"]).unwrap();
                assert_eq!(s["passages"], t["passages"], "{name} {s}");
                assert_eq!(s["group_passages"], corpus["passages"]);
                assert_eq!(s["share"], t["passage_share"], "{name} {s}");
                *theme_passages.entry(text(&s["theme"])).or_default() += int(&s["passages"]);
            }
            for (table, rows) in [("keyness", "terms"), ("ngram_keyness", "ngrams")] {
                let keyness = array(&comparison[table])
                    .iter()
                    .find(|k| k["group"] == name);
                for r in array(&keyness.unwrap()["rows"]) {
                    let observed = count_of(&part[rows], &r["key"]);
                    assert_eq!(int(&r["observed"]), observed, "{name} {r}");
                    let all = count_of(&whole[rows], &r["key"]);
                    assert_eq!(int(&r["reference_count"]), all - observed, "{name} {r}");
                }
            }
            let lafon = array(&comparison["specificities"])
                .iter()
                .find(|k| k["group"] == name);
            for r in array(&lafon.unwrap()["rows"]) {
                assert_eq!(int(&r["count"]), count_of(&part["terms"], &r["key"]), "{r}");
                assert_eq!(
                    int(&r["corpus_count"]),
                    count_of(&whole["terms"], &r["key"])
                );
            }
            let by_index = passages(&part);
            for e in array(&comparison["evidence"])
                .iter()
                .filter(|e| e["group"] == name)
            {
                let theme = text(&e["theme"]);
                let mut scores: Vec<f64> = by_index
                    .values()
                    .filter(|p| array(&p["themes"]).iter().any(|t| t == &e["theme"]))
                    .map(|p| float(&p["scores"][&theme]))
                    .collect();
                scores.sort_by(|a, b| b.total_cmp(a));
                let shown: Vec<f64> = array(&e["passages"])
                    .iter()
                    .map(|p| float(&p["score"]))
                    .collect();
                assert_eq!(shown.len(), scores.len().min(3), "{e}");
                assert_eq!(shown, scores[..shown.len()], "{e}");
                for p in array(&e["passages"]) {
                    let passage = by_index[&(text(&p["id"]), int(&p["passage"]))];
                    assert_eq!(p["span"], passage["span"]);
                    assert_eq!(p["text"], passage["text"]);
                    assert_eq!(p["speaker"], passage["speaker"]);
                    assert_eq!(p["score"], passage["scores"][&theme]);
                }
            }
        }
        // Every document has a party: the groups add up to the corpus.
        for t in array(&whole["themes"]) {
            assert_eq!(theme_passages[&text(&t["id"])], int(&t["passages"]), "{t}");
        }
    }
}

/// The `--where` bounds of a quarter, `2024-Q3`.
fn quarter(period: &str) -> Vec<String> {
    let (year, q) = period.split_once("-Q").unwrap();
    let q: u32 = q.parse().unwrap();
    vec![
        format!("date>={year}-{:02}", 3 * q - 2),
        format!("date<={year}-{:02}", 3 * q),
    ]
}

/// `compare` over periods and by speaker turns: each period of `--by
/// date:quarter`, and each group's period with `--over`, is what `analyze
/// --where` keeps within the quarter's bounds (and `kwic` finds there of a
/// `--terms` query); each speaker of `--by-turn` is the passages whose
/// `speaker` `analyze` gives as that label, and `kwic`'s lines that name it.
#[test]
fn compare_periods_and_turns_are_what_analyze_and_kwic_find_there() {
    let by_quarter = json(&[
        "compare",
        "corpus/",
        "--by",
        "date:quarter",
        "--terms",
        "France",
    ]);
    let series = &by_quarter["time_series"];
    let over = json(&[
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--over",
        "date:quarter",
        "--terms",
        "France",
    ]);
    let over = &over["group_series"];
    assert_eq!(over["periods"], series["periods"]);
    for (i, period) in array(&series["periods"]).iter().enumerate() {
        let bounds = quarter(period.as_str().unwrap());
        let kept = analyze_where(&bounds, &[]).unwrap();
        for t in array(&series["themes"]) {
            let id = &t["theme"];
            let themes = array(&kept["themes"]);
            let passages = &themes.iter().find(|x| &x["id"] == id).unwrap()["passages"];
            assert_eq!(&t["passages"][i], passages, "{period} {id}");
        }
        for g in array(&over["groups"]).iter().chain([&over["all"]]) {
            let mut conditions = bounds.clone();
            if g["group"] != "(all)" {
                conditions.push(format!("parti={}", text(&g["group"])));
            }
            let Some(kept) = analyze_where(&conditions, &[]) else {
                assert_eq!(g["documents"][i], 0, "{conditions:?}");
                assert_eq!(g["terms"][0]["counts"][i], 0, "{conditions:?}");
                continue;
            };
            for size in ["documents", "passages", "content_tokens"] {
                assert_eq!(g[size][i], kept["corpus"][size], "{conditions:?} {size}");
            }
            let mut search = vec!["kwic", "France", "corpus/"];
            for c in &conditions {
                search.extend(["--where", c.as_str()]);
            }
            let found = json(&search);
            assert_eq!(
                g["terms"][0]["counts"][i], found["occurrences"],
                "{conditions:?}"
            );
            if g["group"] == "(all)" {
                assert_eq!(series["terms"][0]["counts"][i], found["occurrences"]);
            }
        }
    }
    // Speakers of the interview's turns, and the passages outside any turn.
    let turns = json(&["compare", "corpus/", "--by-turn", "--terms", "France,train"]);
    let analysis = json(&["analyze", "corpus/"]);
    let mut spoken: BTreeMap<String, [u64; 3]> = BTreeMap::new();
    let mut theme_passages: BTreeMap<(String, String), u64> = BTreeMap::new();
    for p in passages(&analysis).values() {
        let speaker = p["speaker"].as_str().unwrap_or("(none)").to_string();
        let sizes = spoken.entry(speaker.clone()).or_default();
        sizes[0] += 1;
        sizes[1] += int(&p["tokens"]);
        sizes[2] += int(&p["content_tokens"]);
        for t in array(&p["themes"]) {
            *theme_passages
                .entry((speaker.clone(), text(t)))
                .or_default() += 1;
        }
    }
    let groups = array(&turns["groups"]);
    assert_eq!(groups.len(), spoken.len());
    assert!(spoken.len() > 2, "{spoken:?}");
    for g in groups {
        let sizes = spoken[&text(&g["name"])];
        let given = ["passages", "tokens", "content_tokens"].map(|s| int(&g[s]));
        assert_eq!(given, sizes, "{}", g["name"]);
    }
    for s in array(&turns["theme_shares"]) {
        let key = (text(&s["group"]), text(&s["theme"]));
        assert_eq!(
            int(&s["passages"]),
            theme_passages.get(&key).copied().unwrap_or(0)
        );
    }
    for (q, term) in ["France", "train"].iter().enumerate() {
        let found = json(&["kwic", term, "corpus/"]);
        for g in groups {
            let name = g["name"].as_str().unwrap();
            let lines = array(&found["lines"])
                .iter()
                .filter(|l| l["speaker"].as_str().unwrap_or("(none)") == name)
                .count() as u64;
            assert_eq!(int(&g["terms"][q]["count"]), lines, "{term} {name}");
        }
    }
}

/// A gold file of `analyze`'s passages, each labelled with the themes
/// `analyze` assigned it, is scored by `eval` with F1 1 for every theme it
/// labels and no error: the same analyser, lexicon and text (README says
/// where a passage's document would tell more than its text).
fn eval_agrees_on(inputs: &str, extra: &[&str]) {
    let analysis = json(&with(&["analyze", inputs, "-q", "--top", "1"], extra));
    let mut gold = String::new();
    let mut labelled = 0;
    for ((id, index), p) in passages(&analysis) {
        labelled += usize::from(!array(&p["themes"]).is_empty());
        let line = serde_json::json!({"id": format!("{id}#{index}"), "text": p["text"], "themes": p["themes"]});
        gold += &format!("{line}\n");
    }
    let scored = json_with_stdin(&["eval", "--gold", "-", "--errors"], &gold);
    assert_eq!(
        array(&scored["errors"]).len(),
        0,
        "{inputs} {extra:?}: {}",
        scored["errors"]
    );
    let mut scored_themes = 0;
    for t in array(&scored["themes"]) {
        if t["labelled"] == true {
            scored_themes += 1;
            assert_eq!(t["f1"], 1.0, "{inputs} {extra:?}: {t}");
            assert_eq!(t["predicted"], t["support"]);
        }
    }
    assert!(scored_themes > 2 && labelled > 0, "{inputs} {extra:?}");
}

#[test]
fn eval_scores_the_themes_analyze_assigned_with_f1_one() {
    for mode in ["paragraph", "sentence"] {
        eval_agrees_on("corpus/", &["--passage", mode]);
    }
}

/// The same on the written questions of the Assemblée nationale, by
/// sentence, and the presidential debates' turns.
#[test]
fn eval_scores_the_themes_analyze_assigned_on_shared_corpora() {
    let Some(shared) = crate::common::shared() else {
        return;
    };
    let corpora = shared.join("corpora");
    for (corpus, mode) in [
        ("an_qe_l16", "sentence"),
        ("debats_presidentiels", "paragraph"),
    ] {
        let path = corpora.join(corpus);
        // The debates have empty turns, skipped.
        eval_agrees_on(
            path.to_str().unwrap(),
            &["--passage", mode, "--allow-skipped"],
        );
    }
}

/// Whatever the passages, the text is analysed alike (README, "Passages"):
/// by paragraph, sentence or whole document, the corpus totals, terms and
/// n-grams, each document's terms and n-grams, and the theme evidence are
/// the same, and each document's tokens are the sum of its passages'.
#[test]
fn passage_modes_keep_the_corpus_figures() {
    let figures = |mode: &str| {
        let args = [
            "analyze",
            "corpus/",
            "--passage",
            mode,
            "--top",
            "0",
            "--min-ngram-count",
            "1",
        ];
        let mut report = json(&args);
        for d in array(&report["documents"]) {
            let sum = |field: &str| {
                array(&d["passages"])
                    .iter()
                    .map(|p| int(&p[field]))
                    .sum::<u64>()
            };
            assert_eq!(int(&d["tokens"]), sum("tokens"), "{mode} {}", d["id"]);
            assert_eq!(int(&d["content_tokens"]), sum("content_tokens"), "{mode}");
        }
        let mut evidence: Vec<Value> = passages(&report)
            .values()
            .flat_map(|p| array(&p["evidence"]).clone())
            .collect();
        evidence.sort_by_key(|e| (int(&e["span"][0]), text(&e["theme"]), text(&e["entry"])));
        report["corpus"]["passages"] = Value::Null;
        let tables = ["document-terms", "document-ngrams"]
            .map(|t| run_ok(&with(&args, &["--format", "csv", "--table", t])));
        (
            report["corpus"].clone(),
            report["terms"].clone(),
            report["ngrams"].clone(),
            evidence,
            tables,
        )
    };
    let paragraphs = figures("paragraph");
    assert!(!paragraphs.3.is_empty());
    for mode in ["sentence", "document"] {
        assert!(figures(mode) == paragraphs, "{mode}");
    }
}

/// Whether a CSV cell writes a JSON value: a number as a number (`3` for
/// `3.0`), text as it is, `true` or `false`, and null as an empty cell.
fn writes(cell: &str, value: &Value) -> bool {
    match value {
        Value::Null => cell.is_empty(),
        Value::Number(n) => cell.parse::<f64>().ok() == n.as_f64(),
        Value::Bool(b) => cell == b.to_string(),
        Value::String(s) => cell == s,
        _ => false,
    }
}

/// The rows of a JSON list, each object's fields prefixed by `outer`'s
/// (`group`, `theme`…): a long CSV table as the JSON holds it.
fn long_rows(outer: &[(&str, Value)], rows: &[Value]) -> Vec<BTreeMap<String, Value>> {
    rows.iter()
        .map(|r| {
            let mut row: BTreeMap<String, Value> = outer
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            for (k, v) in r.as_object().unwrap() {
                row.insert(k.clone(), v.clone());
            }
            row
        })
        .collect()
}

/// Each CSV table of `compare` holds the JSON's rows and figures, in the
/// JSON's order: groups, theme shares, keyness of terms and n-grams, Lafon
/// specificities, evidence passages, lexicon entries, `--terms` counts and,
/// by period, the series.
#[test]
fn compare_csv_tables_hold_the_json_figures() {
    for args in [
        &[
            "compare",
            "corpus/",
            "--by",
            "parti",
            "--terms",
            "France,europ*",
        ][..],
        &[
            "compare",
            "corpus/",
            "--by",
            "date:quarter",
            "--terms",
            "IA",
            "--top",
            "3",
        ],
    ] {
        let report = json(args);
        let each = |list: &str, outer: &str| -> Vec<BTreeMap<String, Value>> {
            array(&report[list])
                .iter()
                .flat_map(|x| long_rows(&[(outer, x[outer].clone())], array(&x["rows"])))
                .collect()
        };
        let mut tables: Vec<(&str, Vec<BTreeMap<String, Value>>)> = vec![
            ("themes", long_rows(&[], array(&report["theme_shares"]))),
            ("keyness", each("keyness", "group")),
            ("ngrams", each("ngram_keyness", "group")),
            ("specificities", each("specificities", "group")),
        ];
        let mut groups = Vec::new();
        let mut terms = Vec::new();
        for g in array(&report["groups"]) {
            let mut row =
                long_rows(&[("group", g["name"].clone())], std::slice::from_ref(g)).remove(0);
            row.retain(|k, _| !["name", "terms", "values"].contains(&k.as_str()));
            groups.push(row);
            terms.extend(long_rows(
                &[("group", g["name"].clone())],
                array(&g["terms"]),
            ));
        }
        tables.push(("groups", groups));
        tables.push(("terms", terms));
        let mut evidence = Vec::new();
        for e in array(&report["evidence"]) {
            for (rank, p) in array(&e["passages"]).iter().enumerate() {
                let mut row = long_rows(
                    &[
                        ("group", e["group"].clone()),
                        ("theme", e["theme"].clone()),
                        ("rank", Value::from(rank + 1)),
                    ],
                    std::slice::from_ref(p),
                )
                .remove(0);
                row.insert("start".into(), p["span"][0].clone());
                row.insert("end".into(), p["span"][1].clone());
                row.retain(|k, _| !["span", "encoding"].contains(&k.as_str()));
                evidence.push(row);
            }
        }
        tables.push(("evidence", evidence));
        let mut entries = Vec::new();
        for e in array(&report["theme_entries"]) {
            let outer = [
                ("group", e["group"].clone()),
                ("theme", e["theme"].clone()),
                ("theme_matches", e["group_matches"].clone()),
                ("reference_theme_matches", e["reference_matches"].clone()),
            ];
            entries.extend(long_rows(&outer, array(&e["rows"])));
        }
        tables.push(("entries", entries));
        let series = &report["time_series"];
        if !series.is_null() {
            let mut rows = Vec::new();
            for (i, period) in array(&series["periods"]).iter().enumerate() {
                for t in array(&series["themes"]) {
                    let mut row = BTreeMap::new();
                    for (k, v) in [
                        ("period", period.clone()),
                        ("kind", "theme".into()),
                        ("name", t["theme"].clone()),
                    ] {
                        row.insert(k.to_string(), v);
                    }
                    for (k, v) in [
                        ("count", "passages"),
                        ("value", "shares"),
                        ("ci_low", "ci_low"),
                        ("ci_high", "ci_high"),
                    ] {
                        row.insert(k.to_string(), t[v][i].clone());
                    }
                    rows.push(row);
                }
                for t in array(&series["terms"]) {
                    let mut row = BTreeMap::new();
                    for (k, v) in [
                        ("period", period.clone()),
                        ("kind", "term".into()),
                        ("name", t["term"].clone()),
                    ] {
                        row.insert(k.to_string(), v);
                    }
                    row.insert("count".into(), t["counts"][i].clone());
                    row.insert("value".into(), t["per_10k"][i].clone());
                    rows.push(row);
                }
            }
            tables.push(("series", rows));
        }
        for (table, rows) in tables {
            let written = csv_rows(&with(args, &["--format", "csv", "--table", table]));
            assert_eq!(written.len(), rows.len(), "{args:?} {table}");
            assert!(!rows.is_empty(), "{args:?} {table}");
            for (cells, row) in written.iter().zip(&rows) {
                for (column, value) in row {
                    let cell = cells
                        .get(column)
                        .unwrap_or_else(|| panic!("{table}: {column}"));
                    assert!(
                        writes(cell, value),
                        "{table} {column}: {cell:?} for {value} in {row:?}"
                    );
                }
            }
        }
    }
}

/// Every figure of a report by its path, a listed object named by its
/// identifying fields (group, theme, key…) rather than its place, so that
/// two reports listing different rows can be compared row by row.
fn figures(value: &Value, path: String, out: &mut BTreeMap<String, Value>) {
    const NAMES: [&str; 10] = [
        "group", "theme", "key", "id", "entry", "name", "n", "passage", "axis", "kind",
    ];
    match value {
        Value::Object(fields) => {
            for (k, v) in fields {
                figures(v, format!("{path}.{k}"), out);
            }
        }
        Value::Array(items) if items.iter().all(Value::is_object) && !items.is_empty() => {
            for item in items {
                let name: Vec<String> = NAMES
                    .iter()
                    .filter_map(|n| item.get(n).map(|v| format!("{n}={v}")))
                    .collect();
                figures(item, format!("{path}[{}]", name.join(",")), out);
            }
        }
        _ => {
            out.insert(path, value.clone());
        }
    }
}

/// `--top` bounds what is listed, never a figure: each row of `--top 3` is
/// the same row of `--top 0` (its counts, tests, adjusted p-values, display
/// form and coordinates).
#[test]
fn top_changes_no_figure() {
    for args in [
        &["analyze", "corpus/"][..],
        &["compare", "corpus/", "--by", "parti"],
        &["collocates", "France", "corpus/", "--min-count", "1"],
        &["collocates", "numerique", "corpus/", "--min-count", "1"],
    ] {
        let mut few = BTreeMap::new();
        figures(&json(&with(args, &["--top", "3"])), String::new(), &mut few);
        let mut all = BTreeMap::new();
        figures(&json(&with(args, &["--top", "0"])), String::new(), &mut all);
        let mut shared = 0;
        for (path, value) in &few {
            if path.starts_with(".config") || path.ends_with(".top") || path == ".top" {
                continue;
            }
            if let Some(other) = all.get(path) {
                assert_eq!(value, other, "{args:?}: {path}");
                shared += 1;
            }
        }
        assert!(shared > 30, "{args:?}: {shared}");
    }
}

/// `kwic` and `collocates` record the passage mode, the stopword list and
/// the lexicon (its themes after `--only-themes`) that decided their
/// matches as `analyze` records them in `config`, for a word and a theme,
/// in the JSON written as it is read and in the `--pretty` one.
#[test]
fn kwic_and_collocates_record_the_configuration_of_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let themes = dir.path().join("themes.toml");
    let lexicon = std::fs::read_to_string(crate::common::root().join("themes/fr.toml")).unwrap();
    std::fs::write(
        &themes,
        lexicon.replacen("name = \"parole-fr\"", "name = \"essai\"", 1),
    )
    .unwrap();
    let stopwords = dir.path().join("stopwords.txt");
    let list = std::fs::read_to_string(crate::common::root().join("stopwords/fr.txt")).unwrap();
    std::fs::write(&stopwords, list + "nation\n").unwrap();
    let (themes, stopwords) = (themes.to_str().unwrap(), stopwords.to_str().unwrap());
    let builtin = json(&["analyze", "corpus/"])["config"].clone();
    let own: &[&str] = &[
        "--themes",
        themes,
        "--stopwords",
        stopwords,
        "--only-themes",
        "ecologie,regulation",
        "--passage",
        "sentence",
    ];
    for options in [&[][..], own, &["--passage", "document"]] {
        let config = json(&[&["analyze", "corpus/"], options].concat())["config"].clone();
        if options == own {
            // The options are seen, so that the comparisons below compare
            // records that differ from the defaults.
            assert_eq!(config["passage"], "sentence");
            assert_eq!(config["stopwords"]["source"], stopwords);
            assert_ne!(config["stopwords"], builtin["stopwords"]);
            assert_eq!(config["lexicon"]["source"], themes);
            assert_eq!(config["lexicon"]["name"], "essai");
            assert_eq!(
                config["lexicon"]["themes"],
                serde_json::json!(["regulation", "ecologie"])
            );
        }
        for command in ["kwic", "collocates"] {
            for pattern in ["France", "ecologie"] {
                for pretty in [&[][..], &["--pretty"]] {
                    let args = [&[command, pattern, "corpus/"], options, pretty].concat();
                    let found = json(&args);
                    for field in ["passage", "stopwords", "lexicon"] {
                        assert_eq!(found[field], config[field], "{field} of {args:?}");
                    }
                    let keys: Vec<&str> = found
                        .as_object()
                        .unwrap()
                        .keys()
                        .map(String::as_str)
                        .skip_while(|k| *k != "within_theme")
                        .take(4)
                        .collect();
                    assert_eq!(
                        keys,
                        ["within_theme", "passage", "stopwords", "lexicon"],
                        "{args:?}"
                    );
                }
            }
        }
    }
}

/// `eval` (both lexicons of `--against`) and `themes` name their lexicon
/// with the record `analyze` writes in `config.lexicon` for the same
/// `--themes`, field for field and in the same order: a script reads the
/// lexicon of every report alike. Neither command has `--only-themes`, so
/// the record's `themes` are every theme of the file, in lexicon order:
/// those `eval` scores and `themes` lists.
#[test]
fn eval_and_themes_record_the_lexicon_of_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let essai = dir.path().join("essai.toml");
    let lexicon = std::fs::read_to_string(crate::common::root().join("themes/fr.toml")).unwrap();
    std::fs::write(
        &essai,
        lexicon.replacen("name = \"parole-fr\"", "name = \"essai\"", 1),
    )
    .unwrap();
    // Two themes, not in the order of their ids.
    let narrow = dir.path().join("narrow.toml");
    std::fs::write(
        &narrow,
        "name = \"étroit\"\nversion = \"3\"\n\
         [[theme]]\nid = \"feu\"\nlabel = \"Feu\"\nthreshold = 1\n[theme.entries]\n\"incendie\" = 1\n\
         [[theme]]\nid = \"eau\"\nlabel = \"Eau\"\nthreshold = 1\n[theme.entries]\n\"rivière\" = 1\n",
    )
    .unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        concat!(
            r#"{"id":"a","text":"La rivière déborde.","themes":["eau"]}"#,
            "\n",
            r#"{"id":"b","text":"La forêt brûle, la biodiversité recule.","themes":["ecologie"]}"#,
            "\n",
        ),
    )
    .unwrap();
    let (essai, narrow, gold) = (
        essai.to_str().unwrap(),
        narrow.to_str().unwrap(),
        gold.to_str().unwrap(),
    );
    // The record of `analyze --themes FILE` (the built-in lexicon for None).
    let analyzed = |file: Option<&str>| {
        let mut args = vec!["analyze", "corpus/"];
        args.extend(file.map(|f| ["--themes", f]).into_iter().flatten());
        json(&args)["config"]["lexicon"].clone()
    };
    let keys = |record: &Value| -> Vec<String> {
        record
            .as_object()
            .expect("a lexicon record")
            .keys()
            .cloned()
            .collect()
    };
    let ids = |rows: &Value| -> Value { array(rows).iter().map(|t| t["id"].clone()).collect() };
    for (file, against) in [
        (None, None),
        (Some(essai), Some("themes/fr.toml")),
        (Some(narrow), None),
    ] {
        let expected = analyzed(file);
        let themes_option: Vec<&str> = file
            .map(|f| ["--themes", f])
            .into_iter()
            .flatten()
            .collect();
        let mut args = vec!["eval", "--gold", gold, "--quiet"];
        args.extend(&themes_option);
        args.extend(against.map(|a| ["--against", a]).into_iter().flatten());
        let eval = json(&args);
        let mut listing_args = vec!["themes", "--format", "json"];
        listing_args.extend(&themes_option);
        let listing = json(&listing_args);
        for (record, of) in [(&eval["lexicon"], "eval"), (&listing["lexicon"], "themes")] {
            assert_eq!(record, &expected, "{of} {file:?}");
            assert_eq!(keys(record), keys(&expected), "{of} {file:?}");
        }
        assert_eq!(expected["themes"], ids(&eval["themes"]), "{file:?}");
        assert_eq!(expected["themes"], ids(&listing["themes"]), "{file:?}");
        if let Some(other) = against {
            let record = &eval["against"]["lexicon"];
            let expected = analyzed(Some(other));
            assert_eq!(record, &expected, "--against {other}");
            assert_eq!(keys(record), keys(&expected), "--against {other}");
        }
        if file == Some(narrow) {
            // The records compared are not the defaults'.
            assert_eq!(expected["name"], "étroit");
            assert_eq!(expected["themes"], serde_json::json!(["feu", "eau"]));
        }
    }
}

/// `train --base` names its base with the record `analyze --themes` writes
/// in `config.lexicon`, field for field and in the same order; its
/// `themes` are every theme of the base, whatever `--only-themes` learns.
/// Without a base, the record is null.
#[test]
fn train_records_its_base_as_analyze_records_the_lexicon() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    let mut lines = String::new();
    for k in 0..20 {
        let (text, themes) = match k % 2 {
            0 => (
                "La forêt brûle, la rivière déborde et la biodiversité recule.",
                serde_json::json!(["ecologie"]),
            ),
            _ => ("Le budget de la commune augmente.", serde_json::json!([])),
        };
        lines +=
            &serde_json::json!({"id": format!("g{k}"), "text": text, "themes": themes}).to_string();
        lines.push('\n');
    }
    std::fs::write(&gold, lines).unwrap();
    let out = dir.path().join("learned.toml");
    let (gold, out) = (gold.to_str().unwrap(), out.to_str().unwrap());
    let base = "themes/fr.toml";
    let train = |extra: &[&str]| {
        json(&[&["train", "--gold", gold, "--out", out, "--quiet"], extra].concat())
    };
    let trained = train(&["--base", base, "--only-themes", "ecologie"]);
    let expected = json(&["analyze", "corpus/", "--themes", base])["config"]["lexicon"].clone();
    let record = &trained["base_lexicon"];
    assert_eq!(record, &expected);
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(record), keys(&expected));
    assert_eq!(array(&record["themes"]).len(), 11);
    assert_eq!(array(&trained["themes"]).len(), 1);
    assert_eq!(
        (&trained["base"], &trained["base_sha256"]),
        (&record["source"], &record["sha256"])
    );
    assert!(train(&[])["base_lexicon"].is_null());
}
