//! `parole collocates`: its counts agree with `analyze` and `kwic` on the
//! bundled corpus, its scores with their formulas, its output with the
//! thread count; the text and CSV formats, and the usage errors.

use crate::common::{run, run_ok};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&run_ok(args)).unwrap()
}

#[test]
fn counts_agree_with_analyze_and_kwic() {
    for extra in [
        vec![],
        vec!["--where", "parti=PSP"],
        vec!["--within-theme", "souverainete"],
        vec!["--passage", "sentence"],
    ] {
        let with = |command: &[&str]| -> Vec<String> {
            command
                .iter()
                .chain(&extra)
                .map(|s| s.to_string())
                .collect()
        };
        let args = with(&[
            "collocates",
            "France",
            "corpus/",
            "--top",
            "0",
            "--min-count",
            "1",
        ]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let found = json(&args);
        // The occurrences are kwic's.
        let kwic = with(&["kwic", "France", "corpus/"]);
        let kwic = json(&kwic.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(found["occurrences"], kwic["occurrences"], "{extra:?}");
        assert_eq!(found["documents_searched"], kwic["documents_searched"]);
        assert_eq!(found["left_out"], kwic["left_out"]);
        // The passages searched are analyze's: as many terms as content
        // tokens but the occurrences of `France` (one term each), which no
        // window can hold, and each collocate's corpus count is its count
        // there.
        let analyze = with(&["analyze", "corpus/", "--top", "0", "--min-ngram-count", "1"]);
        let analyze = json(&analyze.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(
            found["corpus_tokens"].as_u64().unwrap() + found["occurrences"].as_u64().unwrap(),
            analyze["corpus"]["content_tokens"].as_u64().unwrap(),
            "{extra:?}"
        );
        let rows = found["collocates"].as_array().unwrap();
        assert!(!rows.is_empty(), "{extra:?}");
        let (t, n) = (
            found["window_tokens"].as_f64().unwrap(),
            found["corpus_tokens"].as_f64().unwrap(),
        );
        for r in rows {
            let term = analyze["terms"]
                .as_array()
                .unwrap()
                .iter()
                .find(|term| term["key"] == r["key"])
                .unwrap_or_else(|| panic!("{r} is a term of analyze"));
            assert_eq!(r["corpus_count"], term["count"], "{r}");
            assert_eq!(r["display"], term["display"], "{r}");
            // The scores follow their formulas.
            let (k, f) = (
                r["cooccurrences"].as_f64().unwrap(),
                r["corpus_count"].as_f64().unwrap(),
            );
            let expected = t * f / n;
            assert!(
                (r["expected"].as_f64().unwrap() - expected).abs() < 5e-5,
                "{r}"
            );
            assert!(k > expected, "{r}");
            let cell = |o: f64, e: f64| if o == 0.0 { 0.0 } else { o * (o / e).ln() };
            let (b, d) = (f - k, n - t);
            let g2 = 2.0
                * (cell(k, expected)
                    + cell(b, d * f / n)
                    + cell(t - k, t * (n - f) / n)
                    + cell(d - b, d * (n - f) / n));
            assert!((r["g2"].as_f64().unwrap() - g2).abs() < 5e-4, "{r}: {g2}");
            assert!(r["specificity"].as_f64().unwrap() > 0.0, "{r}");
        }
        // Sorted by specificity, then G².
        let scores: Vec<(f64, f64)> = rows
            .iter()
            .map(|r| {
                (
                    r["specificity"].as_f64().unwrap(),
                    r["g2"].as_f64().unwrap(),
                )
            })
            .collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    }
}

/// `--min-corpus-count N` leaves out the terms seen fewer than N times in
/// all the passages searched (TXM's Fmin), however near they come: with
/// `--min-count 1`, a term seen once, near, tops the ranking on that one
/// meeting. The JSON records it; the text says it when nothing is left.
#[test]
fn min_corpus_count_leaves_out_the_rare_terms() {
    let all = json(&[
        "collocates",
        "France",
        "corpus/",
        "--min-count",
        "1",
        "--top",
        "0",
    ]);
    assert_eq!(all["min_corpus_count"], 1);
    let rows = all["collocates"].as_array().unwrap();
    assert!(
        rows.iter().any(|r| r["corpus_count"] == 1),
        "terms seen once are listed by default"
    );
    let kept = json(&[
        "collocates",
        "France",
        "corpus/",
        "--min-count",
        "1",
        "--top",
        "0",
        "--min-corpus-count",
        "3",
    ]);
    assert_eq!(kept["min_corpus_count"], 3);
    let expected: Vec<&Value> = rows
        .iter()
        .filter(|r| r["corpus_count"].as_u64().unwrap() >= 3)
        .collect();
    assert!(!expected.is_empty());
    let kept: Vec<&Value> = kept["collocates"].as_array().unwrap().iter().collect();
    assert_eq!(
        kept, expected,
        "the same rows, in the same order, the rare ones out"
    );
    let none = String::from_utf8(run_ok(&[
        "collocates",
        "France",
        "corpus/",
        "--min-corpus-count",
        "100000",
        "--format",
        "text",
    ]))
    .unwrap();
    assert!(
        none.ends_with(
            "\n\nno collocate seen at least 2 times near it, 100000 times in the passages \
             searched, and more often than expected\n"
        ),
        "{none}"
    );
    let out = run(&["collocates", "France", "corpus/", "--min-corpus-count", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    for format in ["json", "csv", "text"] {
        let run = |threads: &str| {
            run_ok(&[
                "collocates",
                "France",
                "corpus/",
                "--threads",
                threads,
                "--format",
                format,
                "--min-corpus-count",
                "2",
            ])
        };
        assert_eq!(run("1"), run("3"), "{format}");
    }
}

#[test]
fn text_and_csv_show_the_same_collocates() {
    let found = json(&["collocates", "France", "corpus/", "--top", "3"]);
    let rows = found["collocates"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let text = String::from_utf8(run_ok(&[
        "collocates",
        "France",
        "corpus/",
        "--top",
        "3",
        "--format",
        "text",
    ]))
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "{} occurrences of \"France\" in the 15 documents searched; {} terms in windows of 5 words on each side, of {} in the passages searched",
            found["occurrences"], found["window_tokens"], found["corpus_tokens"]
        )
    );
    // The documents are those searched (`documents_searched`), not those
    // holding an occurrence; a theme id counts its lexicon's matches, as
    // the JSON's `query.kind` says.
    let theme = json(&["collocates", "ecologie", "corpus/"]);
    assert_eq!(theme["query"]["kind"], "theme");
    let text = String::from_utf8(run_ok(&[
        "collocates",
        "ecologie",
        "corpus/",
        "--format",
        "text",
    ]))
    .unwrap();
    assert!(
        text.starts_with(&format!(
            "{} matches of the theme ecologie in the 15 documents searched; ",
            theme["occurrences"]
        )),
        "{text}"
    );
    assert!(lines[2].starts_with("collocate "), "{text}");
    assert!(lines[2].ends_with("near    corpus  expected  specificity         G2"));
    for (line, r) in lines[3..].iter().zip(rows) {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells[0], r["display"].as_str().unwrap());
        assert_eq!(cells[1], r["cooccurrences"].to_string());
        assert_eq!(cells[2], r["corpus_count"].to_string());
        // The JSON's specificity is itself rounded, to four decimals: the
        // text's two may round the exact value up where the JSON's rounds
        // down (2.675 in the JSON, 2.68 in the text).
        let shown: f64 = cells[4].parse().unwrap();
        let specificity = r["specificity"].as_f64().unwrap();
        assert!((shown - specificity).abs() <= 0.005 + 1e-9, "{line}");
    }
    let csv = String::from_utf8(run_ok(&[
        "collocates",
        "France",
        "corpus/",
        "--top",
        "3",
        "--format",
        "csv",
    ]))
    .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "key",
            "display",
            "cooccurrences",
            "corpus_count",
            "expected",
            "specificity",
            "g2",
            "log_ratio",
            "p_value"
        ]
    );
    for (record, r) in reader.records().zip(rows) {
        let record = record.unwrap();
        for (k, name) in header.iter().enumerate() {
            let cell = &record[k];
            match &r[name] {
                Value::String(s) => assert_eq!(cell, s),
                v => assert_eq!(cell.parse::<f64>().unwrap(), v.as_f64().unwrap(), "{name}"),
            }
        }
    }
    // Nothing near enough: the text says so, the JSON lists none.
    let none = String::from_utf8(run_ok(&[
        "collocates",
        "France",
        "corpus/",
        "--min-count",
        "100",
        "--format",
        "text",
    ]))
    .unwrap();
    assert!(
        none.ends_with(
            "\n\nno collocate seen at least 100 times near it and more often than expected\n"
        ),
        "{none}"
    );
    let once = String::from_utf8(run_ok(&[
        "collocates",
        "zzzz",
        "corpus/",
        "--min-count",
        "1",
        "--format",
        "text",
    ]))
    .unwrap();
    assert!(
        once.ends_with(
            "\n\nno collocate seen at least once near it and more often than expected\n"
        ),
        "{once}"
    );
}

#[test]
fn nothing_found_is_said_with_what_to_try() {
    let out = run(&["collocates", "souverainetéx", "corpus/"]);
    assert_eq!(out.status.code(), Some(0));
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found["occurrences"], 0);
    assert_eq!(found["window_tokens"], 0);
    assert!(found["collocates"].as_array().unwrap().is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no occurrence of \"souverainetéx\" in the 15 documents searched"),
        "{stderr}"
    );
    // A folder given as the pattern: the message says that it comes first.
    let out = run(&["collocates", "corpus/", "corpus/"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"corpus/\" is a folder, and the pattern comes first"),
        "{stderr}"
    );
    // --assigned is said in the text summary.
    let text = run_ok(&[
        "collocates",
        "ecologie",
        "corpus/",
        "--assigned",
        "--format",
        "text",
    ]);
    let first = String::from_utf8(text).unwrap();
    assert!(
        first
            .lines()
            .next()
            .unwrap()
            .contains("only the matches of the passages that got the theme (--assigned)"),
        "{first}"
    );
}

#[test]
fn usage_errors_say_what_to_do() {
    for (args, said) in [
        (
            vec!["collocates", "France", "corpus/", "--window", "0"],
            "invalid value '0' for '--window <N>': the value must be a whole number, 1 or more",
        ),
        (
            vec!["collocates", "France", "corpus/", "--format", "csv", "--pretty"],
            "--pretty goes with --format json only",
        ),
        (
            vec!["collocates", "France", "corpus/", "--assigned"],
            "--assigned goes with a theme id, and \"France\" is none",
        ),
        (
            vec!["collocates", "corpus/", "France"],
            "\"corpus/\" is a folder, and the pattern comes first: parole collocates PATTERN INPUT... (here: parole collocates France corpus/)",
        ),
        (
            vec!["collocates", "ecologie", "corpus/", "--only-themes", "regulation"],
            "\"ecologie\" is a theme id, but --only-themes regulation leaves that theme out",
        ),
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
}

#[test]
fn help_has_examples_and_the_method() {
    let help = String::from_utf8(run_ok(&["collocates", "--help"])).unwrap();
    assert!(help.contains("Examples:\n  parole collocates 'europ*' corpus/ --format text"));
    assert!(help.contains("Lafon's"));
    assert!(help.contains(
        "parole collocates souveraineté corpus/ --min-count 1 --min-corpus-count 5 --format text"
    ));
    assert!(help.contains("TXM's Fmin"));
    assert!(help.contains("Exit status"));
    let top = String::from_utf8(run_ok(&["--help"])).unwrap();
    assert!(top.contains("  collocates  Collocates: the terms that come near"));
}

/// The README's figures on the vie-publique statements are what the current
/// code gives.
#[test]
fn readme_example_on_vie_publique_is_real() {
    let Some(shared) = crate::common::shared() else {
        return;
    };
    let corpus = shared.join("corpora/viepublique_2020/");
    let found = json(&[
        "collocates",
        "souveraineté",
        corpus.to_str().unwrap(),
        "--top",
        "7",
        "--quiet",
    ]);
    assert_eq!(found["occurrences"], 158);
    let rows = found["collocates"].as_array().unwrap();
    let shown: Vec<&str> = rows
        .iter()
        .map(|r| r["display"].as_str().unwrap())
        .collect();
    assert_eq!(
        shown,
        [
            "européenne",
            "westphalienne",
            "peuple",
            "affirmer",
            "technologique",
            "respect",
            "autonomie"
        ]
    );
    let first = &rows[0];
    assert_eq!(
        (&first["cooccurrences"], &first["corpus_count"]),
        (&35.into(), &1425.into())
    );
    assert_eq!(format!("{:.1}", first["expected"].as_f64().unwrap()), "3.6");
    assert_eq!(
        format!("{:.1}", first["specificity"].as_f64().unwrap()),
        "22.5"
    );
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    let said = "ranks first `européenne` (35 of its 1,425 occurrences near 158 occurrences of\n  `souveraineté`, 3.6 expected; specificity 22.5), then `westphalienne`, `peuple`,\n  `affirmer`, `technologique`, `respect` and `autonomie`.";
    assert!(readme.contains(said), "the README gives these figures");
}
