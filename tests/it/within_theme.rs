//! `--within-theme ID`: analyze, compare and kwic read only the passages
//! assigned a theme, as if the others were absent; the run records the
//! theme, and an id the lexicon (or `--only-themes`) lacks is refused.

use crate::common::{run, run_ok};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&run_ok(args)).unwrap()
}

/// The passages of a report's documents, `(document, passage)` of each.
fn passages(report: &Value) -> Vec<(String, Value)> {
    let mut all = Vec::new();
    for doc in report["documents"].as_array().unwrap() {
        for p in doc["passages"].as_array().unwrap() {
            all.push((doc["id"].as_str().unwrap().to_string(), p.clone()));
        }
    }
    all
}

/// The row of a report's `table` whose `field` is `value`.
fn row<'a>(report: &'a Value, table: &str, field: &str, value: &str) -> Option<&'a Value> {
    report[table]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[field] == value)
}

fn has_theme(passage: &Value, theme: &str) -> bool {
    passage["themes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == theme)
}

#[test]
fn analyze_keeps_the_passages_of_the_theme_as_they_were() {
    let every = json(&["analyze", "corpus/"]);
    let within = json(&["analyze", "corpus/", "--within-theme", "ecologie"]);
    assert_eq!(every["config"]["within_theme"], Value::Null);
    assert_eq!(within["config"]["within_theme"], "ecologie");

    // The passages kept are those with the theme, as they were (index,
    // span, text, themes, scores, evidence), and nothing else.
    let expected: Vec<(String, Value)> = passages(&every)
        .into_iter()
        .filter(|(_, p)| has_theme(p, "ecologie"))
        .collect();
    assert!(expected.len() > 1 && expected.len() < passages(&every).len());
    assert_eq!(passages(&within), expected);

    // Every document is still listed; the corpus counts are those of the
    // passages kept.
    let corpus = &within["corpus"];
    assert_eq!(corpus["documents"], every["corpus"]["documents"]);
    assert_eq!(corpus["passages"], expected.len());
    let sum = |field: &str| -> u64 {
        expected
            .iter()
            .map(|(_, p)| p[field].as_u64().unwrap())
            .sum()
    };
    assert_eq!(corpus["tokens"], sum("tokens"));
    assert_eq!(corpus["content_tokens"], sum("content_tokens"));
    let theme = |report: &Value, id: &str| row(report, "themes", "id", id).unwrap().clone();
    assert_eq!(theme(&within, "ecologie")["passages"], expected.len());
    assert_eq!(theme(&within, "ecologie")["passage_share"], 1.0);
    assert_eq!(
        theme(&within, "ecologie")["passages"],
        theme(&every, "ecologie")["passages"]
    );

    // A term seen only outside the theme's passages is not counted.
    let count = |report: &Value, key: &str| {
        row(report, "terms", "key", key).map_or(0, |t| t["count"].as_u64().unwrap())
    };
    let outside = every["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .find(|key| {
            !expected.iter().any(|(_, p)| {
                let text = p["text"].as_str().unwrap().to_lowercase();
                text.contains(&key[..key.len().min(4)])
            })
        })
        .expect("a frequent term outside the écologie passages");
    assert!(count(&every, outside) > 0);
    assert_eq!(count(&within, outside), 0, "{outside}");

    // The text summary says what was analysed.
    let text = String::from_utf8(run_ok(&[
        "analyze",
        "corpus/",
        "--within-theme",
        "ecologie",
        "--format",
        "text",
    ]))
    .unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.contains(&format!(
            "{} passages of the theme ecologie (--within-theme)",
            expected.len()
        )),
        "{first}"
    );
}

#[test]
fn compare_counts_only_the_passages_of_the_theme() {
    let within = json(&[
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--within-theme",
        "souverainete",
    ]);
    let every = json(&["analyze", "corpus/", "--within-theme", "souverainete"]);
    assert_eq!(within["config"]["analysis"]["within_theme"], "souverainete");
    let groups = within["groups"].as_array().unwrap();
    let total = |field: &str| -> u64 { groups.iter().map(|g| g[field].as_u64().unwrap()).sum() };
    assert_eq!(
        total("passages"),
        every["corpus"]["passages"].as_u64().unwrap()
    );
    assert_eq!(
        total("content_tokens"),
        every["corpus"]["content_tokens"].as_u64().unwrap()
    );
    // Within the theme, every group's passages have it.
    for row in within["theme_shares"].as_array().unwrap() {
        if row["theme"] == "souverainete" && row["group_passages"].as_u64().unwrap() > 0 {
            assert_eq!(row["share"], 1.0, "{row}");
        }
    }
    let text = String::from_utf8(run_ok(&[
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--within-theme",
        "souverainete",
        "--format",
        "text",
    ]))
    .unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("(only the passages of the theme souverainete)"),
        "{text}"
    );
}

#[test]
fn kwic_searches_only_the_passages_of_the_theme() {
    let every = json(&["kwic", "France", "corpus/"]);
    let within = json(&[
        "kwic",
        "France",
        "corpus/",
        "--within-theme",
        "souverainete",
    ]);
    assert_eq!(every["within_theme"], Value::Null);
    assert_eq!(within["within_theme"], "souverainete");
    let analysed = json(&["analyze", "corpus/"]);
    let theme_passages: Vec<(String, u64)> = passages(&analysed)
        .into_iter()
        .filter(|(_, p)| has_theme(p, "souverainete"))
        .map(|(id, p)| (id, p["index"].as_u64().unwrap()))
        .collect();
    let expected: Vec<&Value> = every["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| {
            let at = (
                l["id"].as_str().unwrap().to_string(),
                l["passage"].as_u64().unwrap(),
            );
            theme_passages.contains(&at)
        })
        .collect();
    let found: Vec<&Value> = within["lines"].as_array().unwrap().iter().collect();
    assert!(!found.is_empty() && found.len() < every["lines"].as_array().unwrap().len());
    assert_eq!(found, expected);
}

#[test]
fn an_unknown_or_left_out_theme_is_refused_with_what_to_do() {
    for (args, message) in [
        (
            vec!["analyze", "corpus/", "--within-theme", "climat"],
            "--within-theme climat: the lexicon has no such theme; its themes are souverainete, regulation, ecologie",
        ),
        (
            vec![
                "compare",
                "corpus/",
                "--by",
                "parti",
                "--within-theme",
                "ecologie",
                "--only-themes",
                "regulation",
            ],
            "--within-theme ecologie: --only-themes regulation leaves that theme out; add ecologie to --only-themes",
        ),
        (
            vec!["kwic", "France", "corpus/", "--within-theme", "climat"],
            "--within-theme climat: the lexicon has no such theme",
        ),
        // A misspelt id: the theme it is close to, even when --only-themes
        // leaves that one out (the misspelt id is none it left out).
        (
            vec![
                "analyze",
                "corpus/",
                "--within-theme",
                "souverainte",
                "--only-themes",
                "regulation",
            ],
            "--within-theme souverainte: the lexicon has no such theme (did you mean souverainete?); its themes are",
        ),
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}
