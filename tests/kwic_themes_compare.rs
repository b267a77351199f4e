//! Integration tests of how `kwic`, `themes` and `compare` read what they are
//! given: a theme id searched as a word, patterns and lexicon keys that are
//! refused with a message saying what to write, the text tables, standard
//! input given more than once, dates that are not dates, and group names
//! that differ only by capitals or accents.

mod common;

use common::{run, run_ok};

/// Runs parole, which must succeed, and reads its JSON.
#[track_caller]
fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_slice(&run_ok(args)).expect("parole writes JSON")
}

/// Runs parole, which must fail with status 2, and returns its stderr.
#[track_caller]
fn fails(args: &[&str]) -> String {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "parole {args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "nothing is written on an error");
    stderr
}

/// The keywords of a concordance.
fn keywords(report: &serde_json::Value) -> Vec<String> {
    report["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["keyword"].as_str().expect("keyword").to_string())
        .collect()
}

#[test]
fn words_searches_a_theme_id_as_the_word() {
    let theme = json(&["kwic", "social", "corpus/"]);
    assert_eq!(theme["query"]["kind"], "theme");
    let words = json(&["kwic", "--words", "social", "corpus/", "--window", "0"]);
    assert_eq!(words["query"]["kind"], "words");
    assert_eq!(words["query"]["pattern"], "social");
    let found = keywords(&words);
    assert!(!found.is_empty());
    for keyword in &found {
        assert!(keyword.to_lowercase().starts_with("soci"), "{keyword}");
    }
    assert_ne!(
        keywords(&theme),
        found,
        "the theme's evidence is not the word"
    );
}

#[test]
fn a_theme_left_out_by_only_themes_is_an_error_not_a_word_search() {
    let stderr = fails(&[
        "kwic",
        "ecologie",
        "--only-themes",
        "souverainete",
        "corpus/",
    ]);
    for needle in ["\"ecologie\" is a theme id", "--only-themes", "--words"] {
        assert!(stderr.contains(needle), "{needle}: {stderr}");
    }
    // Kept, the theme is searched; with --words, the word is.
    let kept = json(&[
        "kwic",
        "ecologie",
        "--only-themes",
        "ecologie,souverainete",
        "corpus/",
    ]);
    assert_eq!(kept["query"]["kind"], "theme");
    assert_eq!(
        kept["occurrences"],
        json(&["kwic", "ecologie", "corpus/"])["occurrences"]
    );
    let word = json(&[
        "kwic",
        "ecologie",
        "--words",
        "--only-themes",
        "souverainete",
        "corpus/",
    ]);
    assert_eq!(word["query"]["kind"], "words");
}

#[test]
fn a_star_inside_a_word_is_an_error_that_says_where_it_goes() {
    for pattern in ["a*b", "*tion", "régul**", "transition éco*logique"] {
        let stderr = fails(&["kwic", pattern, "corpus/"]);
        assert!(
            stderr.contains("a * goes at the end of a prefix of at least 3 letters"),
            "{pattern}: {stderr}"
        );
    }
    // The command line has patterns, not lexicon entries.
    let stderr = fails(&["kwic", "ré*", "corpus/"]);
    assert!(
        stderr.starts_with("parole: invalid pattern \"ré*\": the prefix \"ré*\" is too short"),
        "{stderr}"
    );
    assert!(!stderr.contains("entry"), "{stderr}");
    let stderr = fails(&["compare", "corpus/", "--by", "parti", "--terms", "a*b"]);
    assert!(
        stderr.contains("--terms: invalid pattern \"a*b\""),
        "{stderr}"
    );
}
