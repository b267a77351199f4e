//! The commands agree with each other: on the same corpus and options,
//! the figures that two commands both give are the same (a theme's matches
//! in `kwic` and in `analyze`'s evidence, a word's occurrences in `kwic`,
//! `collocates`, `compare --terms` and `analyze`'s term counts, a group of
//! `compare` and the documents `analyze --where` keeps, the themes `analyze`
//! assigns and those `eval` scores), so that a researcher who puts the
//! outputs side by side finds no difference that README does not explain.

use serde_json::Value;

use crate::common::run_ok_with_stdin;

fn json_with_stdin(args: &[&str], input: &str) -> Value {
    serde_json::from_slice(&run_ok_with_stdin(args, input.as_bytes())).expect("a JSON report")
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
