//! Integration tests of how `kwic`, `themes` and `compare` read what they are
//! given: a theme id searched as a word, patterns and lexicon keys that are
//! refused with a message saying what to write, the text tables, standard
//! input given more than once, dates that are not dates, and group names
//! that differ only by capitals or accents.

use crate::common::{run, run_ok, run_with_stdin};

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

/// `--format text` cuts a context between two words: what it shows of each
/// context is the JSON's, whole, or a run of its whole words and `…`.
#[test]
fn text_contexts_are_cut_between_words() {
    let args = ["kwic", "europ*", "corpus/", "--window", "12"];
    let report = json(&args);
    let text = String::from_utf8(run_ok(&[&args[..], &["--format", "text"]].concat())).unwrap();
    let lines = report["lines"].as_array().unwrap();
    let who = |l: &serde_json::Value| match l["speaker"].as_str() {
        Some(speaker) => format!("{} [{speaker}]", l["id"].as_str().unwrap()),
        None => l["id"].as_str().unwrap().to_string(),
    };
    let id_width = lines.iter().map(|l| who(l).chars().count()).max().unwrap();
    let (mut cut_left, mut cut_right) = (0, 0);
    assert_eq!(text.lines().count(), lines.len());
    for (shown, line) in text.lines().zip(lines) {
        let columns: String = shown.chars().skip(id_width + 2).collect();
        let left: String = columns.chars().take(40).collect();
        let rest: String = columns.chars().skip(42).collect();
        let keyword = line["keyword"].as_str().unwrap();
        let right = rest
            .strip_prefix(keyword)
            .unwrap_or_else(|| panic!("{shown}"))
            .trim_start();
        let (left, full_left) = (left.trim_start(), line["left"].as_str().unwrap());
        let full_right = line["right"].as_str().unwrap();
        if left != full_left {
            cut_left += 1;
            let words = left.strip_prefix("… ").unwrap_or_else(|| panic!("{shown}"));
            let before = full_left
                .strip_suffix(words)
                .unwrap_or_else(|| panic!("{shown}"));
            assert!(before.ends_with(char::is_whitespace), "{shown}");
        }
        if right != full_right {
            cut_right += 1;
            let words = right
                .strip_suffix(" …")
                .unwrap_or_else(|| panic!("{shown}"));
            let after = full_right
                .strip_prefix(words)
                .unwrap_or_else(|| panic!("{shown}"));
            assert!(after.starts_with(char::is_whitespace), "{shown}");
        }
    }
    assert!(cut_left > 0 && cut_right > 0, "some contexts are cut");
}

#[test]
fn a_lexicon_in_another_language_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lexicon = dir.path().join("klingon.toml");
    let theme = "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"mot\" = 3\n";
    std::fs::write(&lexicon, format!("language = \"klingon\"\n{theme}")).unwrap();
    let path = lexicon.to_str().unwrap();
    let stderr = fails(&["themes", "--check", path]);
    assert!(
        stderr.starts_with(&format!(
            "parole: {path}:1:12: language \"klingon\" is not supported"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("language = \"fr\""), "{stderr}");
    fails(&["analyze", "corpus/", "--themes", path]);
    for header in ["language = \"fr\"\n", ""] {
        std::fs::write(&lexicon, format!("{header}{theme}")).unwrap();
        run_ok(&["themes", "--check", path]);
    }
}

/// `parole themes --format text` aligns the columns of the CSV, the
/// description cut between words.
#[test]
fn the_themes_table_has_the_columns_of_the_csv() {
    let listing = json(&["themes", "--format", "json"]);
    let text = String::from_utf8(run_ok(&["themes"])).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let columns = [
        "id",
        "label",
        "group",
        "threshold",
        "entries",
        "exclusions",
        "description",
    ];
    assert_eq!(header.split_whitespace().collect::<Vec<_>>(), columns);
    let chars = |s: &str| s.chars().collect::<Vec<char>>();
    let header = chars(header);
    let at = |name: &str| {
        let name = chars(name);
        header.windows(name.len()).position(|w| w == name).unwrap()
    };
    let (exclusions_end, description) = (at("exclusions") + 10, at("description"));
    let themes = listing["themes"].as_array().unwrap();
    assert_eq!(lines.clone().count(), themes.len());
    let mut cut = 0;
    for (line, theme) in lines.zip(themes) {
        let line = chars(line);
        let cell = |range: std::ops::Range<usize>| -> String {
            line[range.start.min(line.len())..range.end.min(line.len())]
                .iter()
                .collect::<String>()
                .trim()
                .to_string()
        };
        assert_eq!(cell(0..at("label")), theme["id"].as_str().unwrap());
        assert_eq!(
            cell(at("entries") + 7..exclusions_end),
            theme["exclusions"].to_string()
        );
        let shown = cell(description..line.len());
        let whole = theme["description"].as_str().unwrap();
        if shown != whole {
            cut += 1;
            assert!(shown.chars().count() <= 60, "{shown}");
            let words = shown.strip_suffix(" …").unwrap();
            let rest = whole.strip_prefix(words).unwrap();
            assert!(rest.starts_with(char::is_whitespace), "{shown}");
        }
    }
    assert!(
        cut > 0,
        "the built-in descriptions are longer than the column"
    );
}

/// Standard input can be read once: `-` twice in `compare`, among the
/// groups or between a group and the reference, is refused as in `analyze`.
#[test]
fn standard_input_is_given_once_in_compare() {
    let jsonl: String = (0..6)
        .map(|i| {
            let text = format!("La souveraineté numérique, encore et toujours ({i}).");
            serde_json::json!({"id": i, "parti": i % 2, "text": text}).to_string() + "\n"
        })
        .collect();
    for args in [
        &["compare", "-", "--reference", "-", "--by", "parti"][..],
        &["compare", "-", "-"],
        &["compare", "-", "corpus/", "--reference", "-"],
        &["analyze", "-", "-"],
        &["kwic", "souveraineté", "-", "-"],
    ] {
        let out = run_with_stdin(args, jsonl.as_bytes());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            stderr.contains("`-` (standard input) is given more than once"),
            "{args:?}: {stderr}"
        );
    }
    // Once is fine, as a group or as the reference.
    for args in [
        &["compare", "-", "--by", "parti", "--quiet"][..],
        &["compare", "corpus/", "--reference", "-", "--quiet"],
    ] {
        let out = run_with_stdin(args, jsonl.as_bytes());
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A date that is no calendar date has no year either: `--by date:year`
/// puts it in `(none)` and says so, as `:month` and `:quarter` do.
#[test]
fn a_date_that_is_no_date_has_no_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dated.jsonl");
    let dates = ["2024-01-10", "2024-02-10", "2024-13-45", "2025-03-01"];
    let jsonl: String = dates
        .iter()
        .enumerate()
        .map(|(i, date)| {
            let text = format!("La souveraineté numérique, encore et toujours ({i}).");
            serde_json::json!({"id": i, "date": date, "text": text}).to_string() + "\n"
        })
        .collect();
    std::fs::write(&path, jsonl).unwrap();
    let mut notes = Vec::new();
    for (by, groups) in [
        ("date:year", &["2024", "2025", "(none)"][..]),
        ("date:month", &["2024-01", "2024-02", "2024-03"][..]),
    ] {
        let out = run(&["compare", path.to_str().unwrap(), "--by", by]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{by}: {stderr}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found: Vec<(&str, u64)> = report["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["name"].as_str().unwrap(),
                    g["documents"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            found[..groups.len()]
                .iter()
                .map(|g| g.0)
                .collect::<Vec<_>>(),
            groups
        );
        assert_eq!(found.last().unwrap(), &("(none)", 1), "{by}");
        assert!(stderr.contains("\"2024-13-45\""), "{by}: {stderr}");
        notes.push(stderr);
    }
    assert_eq!(notes[0], notes[1], "the same note whatever the period");
}

/// Groups whose names differ only by capitals or accents are not merged,
/// but stderr names them.
#[test]
fn groups_that_differ_only_by_capitals_or_accents_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("debate.jsonl");
    let speakers = [
        "M. CHIRAC",
        "M. Chirac",
        "M. JOSPIN",
        "Élise",
        "ELISE",
        "Elise",
    ];
    let jsonl: String = speakers
        .iter()
        .enumerate()
        .map(|(i, speaker)| {
            let text = format!("La souveraineté numérique, encore et toujours ({i}).");
            serde_json::json!({"id": i, "speaker": speaker, "text": text}).to_string() + "\n"
        })
        .collect();
    std::fs::write(&path, jsonl).unwrap();
    let path = path.to_str().unwrap();
    let out = run(&["compare", path, "--by", "speaker"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups: Vec<&str> = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(groups.len(), speakers.len(), "kept apart: {groups:?}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    for needle in [
        "parole: groups that differ only by capitals or accents",
        "\"ELISE\" and \"Elise\" and \"Élise\"",
        "\"M. CHIRAC\" and \"M. Chirac\"",
        "speaker",
    ] {
        assert!(stderr.contains(needle), "{needle}: {stderr}");
    }
    assert!(!stderr.contains("JOSPIN"), "{stderr}");
    let quiet = run(&["compare", path, "--by", "speaker", "--quiet"]);
    assert!(quiet.status.success() && quiet.stderr.is_empty());
    // Without such names, no note.
    let out = run(&["compare", "corpus/", "--by", "parti"]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("capitals"));
}
