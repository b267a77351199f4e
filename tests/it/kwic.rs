//! Integration tests of `parole kwic`: run the real binary on the bundled
//! corpus and check occurrences, spans against the files, agreement with the
//! evidence of `parole analyze`, the three formats, determinism across
//! thread counts and the errors.

use crate::common::{self, root, run, run_ok};

use std::collections::BTreeMap;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Kwic {
    schema_version: String,
    parole_version: String,
    query: QueryInfo,
    window: usize,
    #[serde(rename = "where")]
    conditions: Vec<String>,
    documents_searched: u64,
    left_out: u64,
    occurrences: usize,
    skipped: Vec<SkippedEntry>,
    lines: Vec<KwicLine>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryInfo {
    pattern: String,
    kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkippedEntry {
    #[allow(dead_code)]
    source: String,
    #[allow(dead_code)]
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KwicLine {
    id: String,
    source: String,
    meta: BTreeMap<String, serde_json::Value>,
    passage: usize,
    span: [usize; 2],
    speaker: Option<String>,
    left: String,
    keyword: String,
    right: String,
}

/// Runs `parole kwic PATTERN corpus/ EXTRA...` and reads its JSON, checking
/// the fields every report must have.
#[track_caller]
fn kwic(pattern: &str, extra: &[&str]) -> Kwic {
    let mut args = vec!["kwic", pattern, "corpus/"];
    args.extend_from_slice(extra);
    let value: serde_json::Value =
        serde_json::from_slice(&run_ok(&args)).expect("kwic writes JSON");
    assert_eq!(
        value.as_object().unwrap().keys().next().map(String::as_str),
        Some("schema_version"),
        "schema_version comes first"
    );
    let report: Kwic = serde_json::from_value(value).expect("the documented fields, no others");
    assert_eq!(report.schema_version, "1.3.0");
    assert_eq!(report.parole_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(report.query.pattern, pattern);
    assert_eq!(report.documents_searched, 15);
    assert!(report.conditions.is_empty());
    assert_eq!(report.left_out, 0);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.occurrences, report.lines.len());
    assert_spans(&report);
    report
}

/// Every span slices its file to the keyword, and the contexts are the
/// text right before and right after it.
#[track_caller]
fn assert_spans(report: &Kwic) {
    for line in &report.lines {
        assert_eq!(line.source, format!("corpus/{}", line.id));
        let text = std::fs::read_to_string(root().join(&line.source)).unwrap();
        let [start, end] = line.span;
        assert_eq!(&text[start..end], line.keyword, "{}", line.id);
        assert!(
            text[..start].trim_end().ends_with(&line.left),
            "{}: left {:?}",
            line.id,
            line.left
        );
        assert!(
            text[end..].trim_start().starts_with(&line.right),
            "{}: right {:?}",
            line.id,
            line.right
        );
        assert!(!line.left.contains('\n') && !line.right.contains('\n'));
    }
}

/// The keywords, in NFC (the corpus has some decomposed accents on purpose).
fn keywords(report: &Kwic) -> Vec<String> {
    report
        .lines
        .iter()
        .map(|l| l.keyword.nfc().collect())
        .collect()
}

#[test]
fn a_word_finds_inflected_and_capitalised_forms() {
    let report = kwic("souveraineté", &[]);
    assert_eq!(report.query.kind, "words");
    assert_eq!(report.window, 5);
    assert_eq!(
        keywords(&report),
        ["souveraineté", "Souveraineté", "souveraineté"]
    );
    let first = &report.lines[0];
    assert_eq!(first.id, "2024-04-05_les_tribune_agro-ecologie.md");
    assert_eq!(first.meta["parti"], "LES");
    assert_eq!(first.left, "Nous voulons reconquérir notre");
    assert!(first.right.starts_with("alimentaire. La France"));

    let report = kwic("européen", &[]);
    let mut forms = keywords(&report);
    forms.sort_unstable();
    forms.dedup();
    assert_eq!(
        forms,
        ["européen", "européenne", "européennes", "européens"]
    );

    // Without its accent, and in capitals.
    let forms = keywords(&kwic("Etat", &[])).join(" ");
    for form in ["État", "Etat", "ETAT"] {
        assert!(forms.split(' ').any(|f| f == form), "{form} in {forms}");
    }
}

#[test]
fn a_phrase_matches_consecutive_words_in_any_inflection() {
    let report = kwic("centres de données", &[]);
    assert_eq!(report.occurrences, 5);
    assert!(keywords(&report).iter().any(|k| k == "centre de données"));
    let report = kwic("transition écologique", &[]);
    assert_eq!(
        keywords(&report),
        ["Transition écologique", "transition écologique"]
    );
}

#[test]
fn a_prefix_matches_every_word_starting_so() {
    let report = kwic("écolog*", &["--window", "2"]);
    let forms = keywords(&report);
    for form in ["Écologistes", "écologie", "écologique", "écologiques"] {
        assert!(forms.iter().any(|f| f == form), "{form} in {forms:?}");
    }
    assert!(forms.iter().all(|f| f.to_lowercase().starts_with("écolog")));
    assert_eq!(report.window, 2);
    for line in &report.lines {
        assert!(line.left.split_whitespace().count() <= 4, "{:?}", line.left);
    }
}

#[test]
fn a_theme_id_lists_the_evidence_of_that_theme_in_analyze() {
    let analysis: serde_json::Value =
        serde_json::from_slice(&run_ok(&["analyze", "corpus/"])).unwrap();
    for theme in ["ecologie", "souverainete"] {
        let evidence: Vec<(String, [usize; 2])> = analysis["documents"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| {
                let id = d["id"].as_str().unwrap().to_string();
                d["passages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|p| p["evidence"].as_array().unwrap().clone())
                    .filter(|e| e["theme"] == theme)
                    .map(move |e| {
                        let span = e["span"].as_array().unwrap();
                        let span = [span[0].as_u64().unwrap(), span[1].as_u64().unwrap()];
                        (id.clone(), span.map(|b| b as usize))
                    })
            })
            .collect();
        let report = kwic(theme, &[]);
        assert_eq!(report.query.kind, "theme");
        assert!(!evidence.is_empty());
        assert_eq!(report.occurrences, evidence.len(), "{theme}");
        let found: Vec<(String, [usize; 2])> = report
            .lines
            .iter()
            .map(|l| (l.id.clone(), l.span))
            .collect();
        assert_eq!(found, evidence, "{theme}");
    }
}

#[test]
fn text_format_aligns_the_keywords() {
    let json = kwic("écolog*", &[]);
    let out =
        String::from_utf8(run_ok(&["kwic", "écolog*", "corpus/", "--format", "text"])).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), json.occurrences);
    let mut columns = Vec::new();
    for (text, line) in lines.iter().zip(&json.lines) {
        assert!(text.starts_with(&line.id), "{text}");
        let keyword = format!("  {}  ", line.keyword);
        let byte = text.find(&keyword).expect("the keyword is shown");
        columns.push(text[..byte].chars().count());
        let left = text[..byte].trim();
        let who = match &line.speaker {
            Some(speaker) => format!("{} [{speaker}]", line.id),
            None => line.id.clone(),
        };
        assert!(left.starts_with(&who), "{left}");
        let shown = left[who.len()..].trim_start();
        assert!(shown.chars().count() <= 40, "{shown}");
        assert!(
            shown == line.left || shown.starts_with('…'),
            "{shown:?} vs {:?}",
            line.left
        );
    }
    columns.dedup();
    assert_eq!(columns.len(), 1, "the keywords start in the same column");
    // Accents typed as combining characters, in an id and a context, take
    // no column of their own.
    // Nor do wide characters, cut by the columns they take, nor control
    // characters, escaped.
    let jsonl = concat!(
        r#"{"id": "de\u0301cret", "text": "Le de\u0301cret sur l'e\u0301cologie."}"#,
        "\n",
        r#"{"id": "décret", "text": "Le décret sur l'écologie."}"#,
        "\n",
        r#"{"id": "tokyo", "text": "東京事務所 東京事務所 東京事務所 東京事務所 東京事務所 東京事務所 l'écologie."}"#,
        "\n",
        r#"{"id": "esc", "text": "Le \u001b[2J décret \u0007 sur l'écologie \u0008 ici."}"#,
        "\n",
    );
    let out = String::from_utf8(common::run_ok_with_stdin(
        &[
            "kwic",
            "écologie",
            "-",
            "--format",
            "text",
            "--window",
            "30",
        ],
        jsonl.as_bytes(),
    ))
    .unwrap();
    assert!(!out.contains(['\u{1b}', '\u{7}', '\u{8}']), "{out:?}");
    assert!(out.contains("\\u{1b}[2J"), "{out}");
    let columns: Vec<usize> = out
        .lines()
        .map(|l| {
            unicode_width::UnicodeWidthStr::width(&l[..l.find("  e").or(l.find("  é")).unwrap()])
        })
        .collect();
    assert_eq!(columns.len(), 4, "{out}");
    assert!(columns.iter().all(|&c| c == columns[0]), "{out}");
}

#[test]
fn csv_format_has_positions_contexts_and_metadata_columns() {
    let json = kwic("régul*", &["--window", "8"]);
    let out = run_ok(&[
        "kwic", "régul*", "corpus/", "--window", "8", "--format", "csv",
    ]);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id",
            "source",
            "passage",
            "start",
            "end",
            "speaker",
            "left",
            "keyword",
            "right",
            "meta.date",
            "meta.orateur",
            "meta.parti",
            "meta.titre",
            "meta.type"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), json.occurrences);
    assert!(!rows.is_empty());
    for (row, line) in rows.iter().zip(&json.lines) {
        assert_eq!(&row[0], line.id);
        assert_eq!(&row[1], line.source);
        assert_eq!(row[2].parse::<usize>().unwrap(), line.passage);
        assert_eq!(row[3].parse::<usize>().unwrap(), line.span[0]);
        assert_eq!(row[4].parse::<usize>().unwrap(), line.span[1]);
        assert_eq!(&row[5], line.speaker.as_deref().unwrap_or(""));
        assert_eq!(
            (&row[6], &row[7], &row[8]),
            (&*line.left, &*line.keyword, &*line.right)
        );
        assert_eq!(&row[11], line.meta["parti"].as_str().unwrap());
    }
}

#[test]
fn lines_in_an_interview_name_the_speaker_of_their_turn() {
    let report = kwic("transition", &[]);
    let speakers: Vec<(&str, Option<&str>)> = report
        .lines
        .iter()
        .filter(|l| l.id.contains("interview"))
        .map(|l| (l.keyword.as_str(), l.speaker.as_deref()))
        .collect();
    assert_eq!(speakers, [("transition", Some("MATHIS CARRERE"))]);
    assert!(report
        .lines
        .iter()
        .filter(|l| !l.id.contains("interview"))
        .all(|l| l.speaker.is_none()));
    // The text table shows the speaker after the id, and only there.
    let text = String::from_utf8(run_ok(&[
        "kwic",
        "transition",
        "corpus/",
        "--format",
        "text",
    ]))
    .unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.contains('[')).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0]
        .starts_with("2024-06-14_adt_interview_transports-ile-de-france.txt [MATHIS CARRERE]"));
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    for format in ["json", "text", "csv"] {
        let one = run_ok(&[
            "kwic",
            "de",
            "corpus/",
            "--threads",
            "1",
            "--format",
            format,
        ]);
        let two = run_ok(&[
            "kwic",
            "de",
            "corpus/",
            "--threads",
            "2",
            "--format",
            format,
        ]);
        assert!(!one.is_empty());
        assert_eq!(one, two, "--format {format}");
    }
}

#[test]
fn passages_bound_occurrences_and_context() {
    let paragraph = kwic("la", &["--window", "30"]);
    let sentence = kwic("la", &["--window", "30", "--passage", "sentence"]);
    assert_eq!(paragraph.occurrences, sentence.occurrences);
    let longer = paragraph
        .lines
        .iter()
        .zip(&sentence.lines)
        .filter(|(p, s)| p.left.len() > s.left.len())
        .count();
    assert!(longer > 0, "sentence contexts stop at the sentence");
    assert!(paragraph
        .lines
        .iter()
        .zip(&sentence.lines)
        .all(|(p, s)| p.span == s.span && p.left.ends_with(&s.left)));
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kwic.json");
    let stdout = run_ok(&["kwic", "souveraineté", "corpus/", "--pretty"]);
    let written = run_ok(&[
        "kwic",
        "souveraineté",
        "corpus/",
        "--pretty",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(written.is_empty());
    assert_eq!(std::fs::read(&path).unwrap(), stdout);
}

#[test]
fn no_occurrence_is_said_on_stderr_with_what_to_try() {
    for (pattern, hint) in [
        (
            "xylophone",
            "a word matches its inflections; add * to match the words beginning so",
        ),
        ("xylo*", "no word begins so"),
        (
            "l'xylophone",
            "a word matches its inflections; add * to match the words beginning so",
        ),
        (
            "souveraineté sanitaire",
            "a phrase matches its words in a row, within a passage: search one of them to \
             see how they are used",
        ),
    ] {
        let out = run(&["kwic", pattern, "corpus/", "--format", "text"]);
        assert_eq!(out.status.code(), Some(0), "{pattern:?}");
        assert!(out.stdout.is_empty(), "{pattern:?}");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!(
                "parole: no occurrence of {pattern:?} in the 15 document(s) searched; {hint}\n"
            )
        );
        // JSON says it with zero occurrences; -q silences the note.
        assert_eq!(kwic(pattern, &["-q"]).occurrences, 0);
    }
    let out = run(&["kwic", "souveraineté", "corpus/", "--format", "text"]);
    assert!(out.stderr.is_empty());
}

#[test]
fn a_bad_pattern_exits_2_with_a_message() {
    for (pattern, expected) in [
        ("« ! »", "no word"),
        ("ré*", "at least 3 letters"),
        ("", "empty"),
    ] {
        let out = run(&["kwic", pattern, "corpus/"]);
        assert_eq!(out.status.code(), Some(2), "{pattern:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("parole: ") && stderr.contains(expected),
            "{pattern:?}: {stderr}"
        );
    }
    let out = run(&[
        "kwic",
        "souveraineté",
        "corpus/",
        "--format",
        "text",
        "--pretty",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_has_examples_and_exit_status() {
    let help = String::from_utf8(run_ok(&["kwic", "--help"])).unwrap();
    assert!(help.contains("parole kwic 'régul*' corpus/ --window 8 --format csv"));
    assert!(help.contains("parole kwic ecologie corpus/"));
    assert!(help.contains("Exit status:"));
}
