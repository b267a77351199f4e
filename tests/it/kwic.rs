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
    sort: String,
    #[serde(rename = "where")]
    conditions: Vec<String>,
    within_theme: Option<String>,
    /// `config.passage`, `config.stopwords` and `config.lexicon` of
    /// `parole analyze` (`agreement.rs` compares them).
    passage: String,
    #[allow(dead_code)]
    stopwords: serde_json::Value,
    #[allow(dead_code)]
    lexicon: serde_json::Value,
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
    assigned: bool,
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
    encoding: String,
    meta: BTreeMap<String, serde_json::Value>,
    passage: usize,
    span: [usize; 2],
    speaker: Option<String>,
    left: String,
    keyword: String,
    right: String,
    /// The four fields of a theme's match, null for words.
    entry: Option<String>,
    weight: Option<f64>,
    score: Option<f64>,
    assigned: Option<bool>,
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
    assert_eq!(report.schema_version, "1.9.0");
    let sort = extra.iter().position(|a| *a == "--sort");
    assert_eq!(
        report.sort,
        sort.map_or("corpus", |k| extra[k + 1]),
        "sort records --sort"
    );
    let within = extra.iter().position(|a| *a == "--within-theme");
    assert_eq!(
        report.within_theme.as_deref(),
        within.map(|k| extra[k + 1]),
        "within_theme records --within-theme"
    );
    let passage = extra.iter().position(|a| *a == "--passage");
    assert_eq!(
        report.passage,
        passage.map_or("paragraph", |k| extra[k + 1]),
        "passage records --passage"
    );
    assert_eq!(report.parole_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(report.query.pattern, pattern);
    assert_eq!(
        report.query.assigned,
        extra.contains(&"--assigned"),
        "query.assigned records --assigned"
    );
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
        assert_eq!(line.encoding, "UTF-8");
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
    // (document, span, entry, weight, passage score, passage assigned)
    type Match = (String, [usize; 2], String, f64, f64, bool);
    for theme in ["ecologie", "souverainete", "regulation"] {
        let mut evidence: Vec<Match> = Vec::new();
        for d in analysis["documents"].as_array().unwrap() {
            for p in d["passages"].as_array().unwrap() {
                let score = p["scores"][theme].as_f64().unwrap_or(0.0);
                let assigned = p["themes"].as_array().unwrap().contains(&theme.into());
                for e in p["evidence"].as_array().unwrap() {
                    if e["theme"] != theme {
                        continue;
                    }
                    let span = e["span"].as_array().unwrap();
                    let span = [0, 1].map(|k| span[k].as_u64().unwrap() as usize);
                    evidence.push((
                        d["id"].as_str().unwrap().to_string(),
                        span,
                        e["entry"].as_str().unwrap().to_string(),
                        e["weight"].as_f64().unwrap(),
                        score,
                        assigned,
                    ));
                }
            }
        }
        let report = kwic(theme, &[]);
        assert_eq!(report.query.kind, "theme");
        assert!(!evidence.is_empty());
        assert_eq!(report.occurrences, evidence.len(), "{theme}");
        let found: Vec<Match> = report
            .lines
            .iter()
            .map(|l| {
                (
                    l.id.clone(),
                    l.span,
                    l.entry.clone().unwrap(),
                    l.weight.unwrap(),
                    l.score.unwrap(),
                    l.assigned.unwrap(),
                )
            })
            .collect();
        assert_eq!(found, evidence, "{theme}");
        // Some matches lie in passages that fell short of the threshold:
        // --assigned leaves them out, and only them.
        let assigned: Vec<Match> = evidence.iter().filter(|m| m.5).cloned().collect();
        assert!(assigned.len() < evidence.len(), "{theme}");
        let kept = kwic(theme, &["--assigned"]);
        assert_eq!(kept.occurrences, assigned.len(), "{theme}");
        assert!(kept.lines.iter().all(|l| l.assigned == Some(true)));
    }
    // A search of words has no theme match, and --assigned is refused.
    let words = kwic("souveraineté", &[]);
    assert!(words
        .lines
        .iter()
        .all(|l| l.entry.is_none() && l.assigned.is_none()));
    let out = run(&["kwic", "souveraineté", "corpus/", "--assigned"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--assigned goes with a theme id"));
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
            "entry",
            "weight",
            "score",
            "assigned",
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
        assert!(
            (9..13).all(|k| row[k].is_empty()),
            "words have no theme match"
        );
        assert_eq!(&row[15], line.meta["parti"].as_str().unwrap());
    }
    // A theme's rows carry its match as the JSON does.
    let json = kwic("regulation", &[]);
    let out = run_ok(&["kwic", "regulation", "corpus/", "--format", "csv"]);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_slice())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), json.occurrences);
    for (row, line) in rows.iter().zip(&json.lines) {
        assert_eq!(&row[9], line.entry.as_deref().unwrap());
        assert_eq!(row[10].parse::<f64>().unwrap(), line.weight.unwrap());
        assert_eq!(row[11].parse::<f64>().unwrap(), line.score.unwrap());
        assert_eq!(row[12].parse::<bool>().unwrap(), line.assigned.unwrap());
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
    // A stopword, many times, and a prefix, of words of many forms.
    for (pattern, sort) in [
        ("de", "corpus"),
        ("de", "right"),
        ("de", "left"),
        ("pro*", "match"),
        ("pro*", "right"),
    ] {
        for format in ["json", "text", "csv"] {
            let run_on = |threads: &str| {
                run_ok(&[
                    "kwic",
                    pattern,
                    "corpus/",
                    "--threads",
                    threads,
                    "--format",
                    format,
                    "--sort",
                    sort,
                ])
            };
            let one = run_on("1");
            assert!(!one.is_empty());
            assert_eq!(
                one,
                run_on("2"),
                "{pattern} --format {format} --sort {sort}"
            );
        }
    }
}

/// The documents of [`sort_orders_the_lines_by_their_context_in_every_format`].
const TO_SORT: &str = concat!(
    r#"{"id": "a", "text": "Notre souveraineté nationale absolue.\nLa souveraineté Européenne, enfin.\nUne souveraineté alimentaire."}"#,
    "\n",
    r#"{"id": "b", "text": "Une souveraineté énergétique. La souveraineté.\nLa souveraineté nationale forte, et la souveraineté alimentaire."}"#,
    "\n",
);

/// `--sort right` orders the lines by the words after the occurrence,
/// nearest first, `--sort left` by those before it, nearest first, `--sort
/// match` by the occurrence's: lower-cased and without accents
/// (`énergétique` and `Européenne` among the e's), a context that ends
/// first; lines that compare equal stay in corpus order (documents in
/// input order, not spans). Every format, and `--pretty`, give that order.
#[test]
fn sort_orders_the_lines_by_their_context_in_every_format() {
    let json = |extra: &[&str]| -> Kwic {
        let args = [&["kwic", "souveraineté", "-"], extra].concat();
        serde_json::from_slice(&common::run_ok_with_stdin(&args, TO_SORT.as_bytes())).unwrap()
    };
    let lines = |report: &Kwic| -> Vec<(String, String, String)> {
        report
            .lines
            .iter()
            .map(|l| (l.id.clone(), l.left.clone(), l.right.clone()))
            .collect()
    };
    let corpus = json(&[]);
    assert_eq!(corpus.sort, "corpus");
    let at = |id: &str, k: usize| -> (String, String, String) {
        corpus
            .lines
            .iter()
            .filter(|l| l.id == id)
            .map(|l| (l.id.clone(), l.left.clone(), l.right.clone()))
            .nth(k)
            .unwrap()
    };
    let right = json(&["--sort", "right"]);
    assert_eq!(right.sort, "right");
    let rights: Vec<(String, String)> = right
        .lines
        .iter()
        .map(|l| (l.id.clone(), l.right.clone()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("b", "."),
        ("a", "alimentaire."),
        ("b", "alimentaire."),
        ("b", "énergétique. La souveraineté."),
        ("a", "Européenne, enfin."),
        ("a", "nationale absolue."),
        ("b", "nationale forte, et la souveraineté"),
    ]
    .map(|(id, r)| (id.to_string(), r.to_string()))
    .into();
    assert_eq!(rights, expected);
    // Left: L1, then L2…; `la` alone (a line's start) before `la` followed
    // by more, and the two of them in corpus order.
    let left = json(&["--sort", "left"]);
    assert_eq!(
        lines(&left),
        [
            at("a", 1),
            at("b", 2),
            at("b", 1),
            at("b", 3),
            at("a", 0),
            at("a", 2),
            at("b", 0)
        ]
    );
    // Every format, and --pretty, in the same order.
    assert_eq!(
        lines(&json(&["--sort", "right", "--pretty"])),
        lines(&right)
    );
    let csv = common::run_ok_with_stdin(
        &[
            "kwic",
            "souveraineté",
            "-",
            "--sort",
            "right",
            "--format",
            "csv",
        ],
        TO_SORT.as_bytes(),
    );
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let csv_rights: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[8].to_string())
        })
        .collect();
    assert_eq!(csv_rights, expected);
    let text = String::from_utf8(common::run_ok_with_stdin(
        &[
            "kwic",
            "souveraineté",
            "-",
            "--sort",
            "right",
            "--format",
            "text",
        ],
        TO_SORT.as_bytes(),
    ))
    .unwrap();
    let text_rights: Vec<(String, String)> = text
        .lines()
        .map(|l| {
            let (id, rest) = l.split_once(' ').unwrap();
            let right = rest.split_once("souveraineté  ").map_or("", |(_, r)| r);
            (id.to_string(), right.to_string())
        })
        .collect();
    assert_eq!(text_rights, expected, "{text}");

    // Match: the occurrence's words, case and accents aside.
    let jsonl = r#"{"id": "m", "text": "Le souverainisme. La souveraineté. Les souverains. La Souveraineté."}"#;
    let out = common::run_ok_with_stdin(
        &[
            "kwic",
            "souverain*",
            "-",
            "--sort",
            "match",
            "--window",
            "0",
        ],
        jsonl.as_bytes(),
    );
    let report: Kwic = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        keywords(&report),
        [
            "souveraineté",
            "Souveraineté",
            "souverainisme",
            "souverains"
        ]
    );
    // Left and right have nothing to compare without context.
    let out = common::run_with_stdin(
        &[
            "kwic",
            "souveraineté",
            "-",
            "--sort",
            "right",
            "--window",
            "0",
        ],
        TO_SORT.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--window 0"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
        // A hashtag or mention takes no *: the hint does not offer one.
        (
            "#xylophone",
            "a hashtag or mention is matched whole, in any case (#climat finds #Climat, \
             not #ClimatSocial)",
        ),
        (
            "@xylophone",
            "a hashtag or mention is matched whole, in any case (#climat finds #Climat, \
             not #ClimatSocial)",
        ),
        // Nor does a number, found whole with its unit or sign.
        (
            "1789",
            "a number is found whole, with the unit or sign written after it (12 %, \
             10 € and 50 km/h are one number each): search it so",
        ),
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
            format!("parole: no occurrence of {pattern:?} in the 15 documents searched; {hint}\n")
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

/// The arguments swapped, a path then the pattern: the message says that
/// the pattern comes first.
#[test]
fn a_path_given_as_the_pattern_is_named_when_an_input_cannot_be_read() {
    let file = "corpus/2024-01-18_psp_discours_voeux-souverainete.txt";
    // The folder is a pattern (`corpus`), so the input is what fails; the
    // file name holds punctuation between words, so the pattern fails first.
    for (pattern, what, first) in [
        (
            "corpus/",
            "a folder",
            "parole: souveraineté: cannot read this input",
        ),
        (file, "a file", "parole: invalid pattern"),
    ] {
        let out = run(&["kwic", pattern, "souveraineté"]);
        assert_eq!(out.status.code(), Some(2), "{pattern}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with(first)
                && stderr.contains(&format!(
                    "; \"{pattern}\" is {what}, and the pattern comes first: parole kwic \
                     PATTERN INPUT... (here: parole kwic souveraineté {pattern})"
                )),
            "{stderr}"
        );
    }
    // A pattern that is no path: no such sentence.
    let stderr = String::from_utf8_lossy(&run(&["kwic", "climat", "nowhere/"]).stderr).into_owned();
    assert!(!stderr.contains("comes first"), "{stderr}");
}

#[test]
fn help_has_examples_and_exit_status() {
    let help = String::from_utf8(run_ok(&["kwic", "--help"])).unwrap();
    assert!(help.contains("parole kwic 'régul*' corpus/ --window 8 --format csv"));
    assert!(help.contains("parole kwic ecologie corpus/"));
    assert!(help.contains("parole kwic souveraineté corpus/ --sort right --format text"));
    assert!(help.contains("Exit status:"));
}

/// A line names the encoding its document was read in, so that a reader of
/// the JSON alone knows how to decode the file its span indexes.
#[test]
fn a_line_names_the_encoding_its_span_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cp.txt");
    // Windows-1252: `é` is one byte in the file, two in the decoded text.
    std::fs::write(&file, b"Le co\x81t de la transition \xe9cologique.\n").unwrap();
    let out = run(&["kwic", "écologique", file.to_str().unwrap(), "--quiet"]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let line = &value["lines"][0];
    assert_eq!(line["encoding"], "windows-1252");
    let text = encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(&std::fs::read(&file).unwrap())
        .0
        .into_owned();
    let span: Vec<usize> = serde_json::from_value(line["span"].clone()).unwrap();
    assert_eq!(&text[span[0]..span[1]], "écologique");
}

/// A word typed without the accent of an ending the stemmer cuts finds
/// nothing, and stderr says which spelling to search.
#[test]
fn a_word_without_the_accent_of_its_ending_is_told_how_to_search() {
    for command in ["kwic", "collocates"] {
        let out = crate::common::run(&[command, "securite", "corpus/"]);
        assert_eq!(out.status.code(), Some(0));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(
                "no occurrence of \"securite\" in the 15 documents searched; \"securite\" is \
                 written without accents, and the stemmer reads its ending only with its \
                 accent: search \"securité\", or the word with all its accents"
            ),
            "{command}: {stderr}"
        );
        let found: serde_json::Value =
            serde_json::from_slice(&run_ok(&[command, "securité", "corpus/"])).unwrap();
        assert!(found["occurrences"].as_u64().unwrap() > 0, "{command}");
    }
    // Found where a text is typed so, it is still told: the word with its
    // accents is another.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.txt");
    std::fs::write(
        &file,
        "La securite des réseaux.\n\nLa sécurité des données, la sécurité de tous.\n",
    )
    .unwrap();
    for command in ["kwic", "collocates"] {
        let out = crate::common::run(&[command, "securite", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0));
        let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(found["occurrences"], 1, "{command}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "parole: 1 occurrence of \"securite\" found, written so: \"securite\" is written \
             without accents, and the stemmer reads its ending only with its accent, so the \
             word written with its accents is another; search \"securité\", or the word with \
             all its accents, to find it\n",
            "{command}"
        );
        let quiet = crate::common::run(&[command, "securite", file.to_str().unwrap(), "-q"]);
        assert!(quiet.stderr.is_empty(), "{command}");
    }
}

/// `50` finds the number written alone, not `50 %`: a number with its unit
/// or sign is one token. stderr says so, with the forms held, whether `50`
/// alone is found or not; a larger number, a decimal or an ordinal is no
/// such form.
#[test]
fn a_number_also_written_with_its_unit_is_told_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.txt");
    std::fs::write(
        &file,
        "Une hausse de 50 %.\n\nEnviron 50 communes, 50 % des élus, 50€ par an.\n\n\
         Le 50,5 et 50 000 habitants, le 50e.\n",
    )
    .unwrap();
    let alone = dir.path().join("alone.txt");
    std::fs::write(&alone, "Une hausse de 50 %.\n").unwrap();
    for command in ["kwic", "collocates"] {
        let out = run(&[command, "50", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0));
        let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(found["occurrences"], 1, "{command}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "parole: 1 occurrence of \"50\" found, written alone; a number is found whole, \
             with the unit or sign written after it (12 %, 10 € and 50 km/h are one number \
             each), and the documents searched also hold \"50 %\" (2 times) and \"50€\" \
             (once): search it so to find those\n",
            "{command}"
        );
        let quiet = run(&[command, "50", file.to_str().unwrap(), "-q"]);
        assert!(quiet.stderr.is_empty(), "{command}");
        let out = run(&[command, "50", alone.to_str().unwrap()]);
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "parole: no occurrence of \"50\" in the 1 document searched; a number is found \
             whole, with the unit or sign written after it (12 %, 10 € and 50 km/h are one \
             number each), and the documents searched hold \"50 %\" (once): search it so\n",
            "{command}"
        );
        // Searched so, they are found.
        let found: serde_json::Value =
            serde_json::from_slice(&run_ok(&[command, "50 %", file.to_str().unwrap()])).unwrap();
        assert_eq!(found["occurrences"], 2, "{command}");
    }
}

/// `Etats Unis` finds the two words in a row, not `États-Unis`: a hyphenated
/// compound is one word. stderr names the compounds held, whether the
/// words in a row are found or not.
#[test]
fn a_phrase_also_written_as_a_compound_is_told_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.txt");
    std::fs::write(
        &file,
        "Les États-Unis et l'Europe.\n\nLes Etats Unis.\n\nAux États-Unis.\n",
    )
    .unwrap();
    let compound = dir.path().join("compound.txt");
    std::fs::write(&compound, "Les États-Unis.\n").unwrap();
    for command in ["kwic", "collocates"] {
        let out = run(&[command, "Etats Unis", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0));
        let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(found["occurrences"], 1, "{command}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "parole: 1 occurrence of \"Etats Unis\" found, written as separate words; a \
             hyphenated compound is one word (États-Unis, Île-de-France), and the documents \
             searched also hold \"États-Unis\" (2 times): search it so to find those\n",
            "{command}"
        );
        let out = run(&[command, "etats unis", compound.to_str().unwrap()]);
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "parole: no occurrence of \"etats unis\" in the 1 document searched; a hyphenated \
             compound is one word (États-Unis, Île-de-France), and the documents searched \
             hold \"États-Unis\" (once): search it so\n",
            "{command}"
        );
        let found: serde_json::Value =
            serde_json::from_slice(&run_ok(&[command, "Etats-Unis", file.to_str().unwrap()]))
                .unwrap();
        assert_eq!(found["occurrences"], 2, "{command}");
    }
}

/// A theme id mistyped is searched as a word, which finds nothing: stderr
/// names the theme it is close to and how to give it; not with `--words`,
/// which asks for the word, nor for a theme `--only-themes` leaves out.
#[test]
fn a_mistyped_theme_id_is_told_the_theme_it_is_close_to() {
    for (command, pattern, id) in [
        ("kwic", "ecolgie", "ecologie"),
        ("collocates", "souverainte", "souverainete"),
    ] {
        let out = crate::common::run(&[command, pattern, "corpus/"]);
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stdout.starts_with(b"{"), "{command}: data on stdout");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "parole: no occurrence of {pattern:?} in the 15 documents searched; \
                 {pattern:?} is searched as a word; to list the evidence of the theme {id}, \
                 give its id as written: parole {command} {id} INPUT...\n"
            )
        );
    }
    for extra in ["--words", "--only-themes=regulation"] {
        let out = crate::common::run(&["kwic", "ecolgie", "corpus/", extra]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.ends_with("add * to match the words beginning so\n"),
            "{extra}: {stderr}"
        );
    }
}

/// `theme:ID`, as other tools write a search in a field, is told to give
/// the theme id alone; a prefix that names no theme keeps the message of
/// punctuation between words.
#[test]
fn a_theme_written_as_a_field_search_is_told_to_give_its_id_alone() {
    for (command, pattern, id) in [
        ("kwic", "theme:ecologie", "ecologie"),
        ("collocates", "Thème = souveraineté", "souverainete"),
        ("kwic", "themes:regulaton", "regulation"),
    ] {
        let out = crate::common::run(&[command, pattern, "corpus/"]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "parole: {pattern:?} is no pattern: a theme is searched by its id alone, as in \
                 parole {command} {id} INPUT...\n"
            )
        );
    }
    for pattern in ["theme:foo", "mot:ecologie"] {
        let out = crate::common::run(&["kwic", pattern, "corpus/"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("has \":\" between two words"),
            "{pattern}: {stderr}"
        );
    }
}

/// The JSON written from the occurrences waiting on disk is the report
/// `--pretty` builds in memory, line for line, for words and themes, with
/// documents that have no occurrence between those that have.
#[test]
fn the_spilled_report_is_the_report_built_in_memory() {
    for pattern in ["ecologie", "souveraineté", "Europe"] {
        let compact = run_ok(&["kwic", pattern, "corpus/"]);
        let pretty = run_ok(&["kwic", pattern, "corpus/", "--pretty"]);
        let compact: serde_json::Value = serde_json::from_slice(&compact).unwrap();
        let pretty: serde_json::Value = serde_json::from_slice(&pretty).unwrap();
        assert!(compact["occurrences"].as_u64().unwrap() > 1, "{pattern}");
        assert_eq!(
            compact["lines"].as_array().unwrap().len() as u64,
            compact["occurrences"].as_u64().unwrap()
        );
        assert_eq!(compact, pretty, "{pattern}");
    }
}

/// A destination that cannot be written is named as such, before the
/// corpus is read, not as the temporary file that waits beside it.
#[test]
fn an_unwritable_destination_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing").join("lines.csv");
    let target = target.display().to_string();
    for format in ["json", "csv", "text"] {
        let out = run(&[
            "kwic",
            "souveraineté",
            "corpus/",
            "--format",
            format,
            "-o",
            &target,
        ]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with(&format!("parole: cannot write {target}:")),
            "{format}: {stderr}"
        );
    }
}

/// In a document typed without accents, words get the key of their
/// accented ending, so `kwic` finds `securite` for `sécurité`, as a theme
/// entry does; in a document with accents, `securite` is a word of its own.
#[test]
fn kwic_finds_the_accented_word_in_a_document_typed_without_accents() {
    let dir = tempfile::tempdir().unwrap();
    let filler = "Nous parlons du budget de la commune et du travail des agents. ".repeat(20);
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, format!("La securite des ecoles.\n\n{filler}")).unwrap();
    let accented = dir.path().join("accented.txt");
    std::fs::write(&accented, format!("La securite des écoles.\n\n{filler}")).unwrap();
    let found = |path: &std::path::Path| -> usize {
        let out = run_ok(&[
            "kwic",
            "sécurité",
            path.to_str().unwrap(),
            "--format",
            "csv",
        ]);
        String::from_utf8(out).unwrap().lines().count() - 1
    };
    assert_eq!(found(&plain), 1);
    assert_eq!(found(&accented), 0);
}

/// The left context of `--format text` is as wide as the widest shown: no
/// column with `--window 0`, a narrow one with a small window, the keywords
/// still aligned.
#[test]
fn text_left_context_takes_the_room_it_fills() {
    for window in ["0", "1", "2"] {
        let out = String::from_utf8(run_ok(&[
            "kwic",
            "souveraineté",
            "corpus/",
            "--format",
            "text",
            "--window",
            window,
        ]))
        .unwrap();
        let lines: Vec<Vec<char>> = out
            .lines()
            .map(|l| l.to_lowercase().chars().collect())
            .collect();
        let keyword: Vec<char> = "souveraineté".chars().collect();
        let at = |l: &[char]| {
            l.windows(keyword.len())
                .position(|w| w == keyword.as_slice())
        };
        let column = lines.iter().filter_map(|l| at(l)).min().unwrap();
        for l in &lines {
            assert_eq!(
                l.get(column..column + keyword.len()),
                Some(keyword.as_slice()),
                "--window {window}:\n{out}"
            );
        }
        let widest_id = out
            .lines()
            .map(|l| l.split("  ").next().unwrap().chars().count())
            .max()
            .unwrap();
        match window {
            "0" => assert_eq!(column, widest_id + 2, "--window 0:\n{out}"),
            _ => assert!(
                column < widest_id + 2 + 40 + 2,
                "--window {window}: keyword at column {column}:\n{out}"
            ),
        }
    }
}

/// A phrase never matches across punctuation: a search with punctuation
/// between its words is refused, saying what to search, rather than found
/// nowhere.
#[test]
fn a_search_with_punctuation_between_its_words_is_refused() {
    for (pattern, mark) in [("M. le ministre", "."), ("transition, écologique", ",")] {
        let out = run(&["kwic", pattern, "corpus/"]);
        assert_eq!(out.status.code(), Some(2), "{pattern}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with(&format!(
                "parole: invalid pattern {pattern:?} has {mark:?} between two words"
            )) && stderr.contains("search words that the text writes in a row"),
            "{stderr}"
        );
    }
    // Punctuation around the words is left out.
    let out = run(&["kwic", "« souveraineté »", "corpus/"]);
    assert!(out.status.success());
}

/// One document searched is said in the singular.
#[test]
fn no_occurrence_in_one_document_is_said_in_the_singular() {
    let out = run(&[
        "kwic",
        "introuvable",
        "corpus/2024-01-18_psp_discours_voeux-souverainete.txt",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("parole: no occurrence of \"introuvable\" in the 1 document searched;"),
        "{stderr}"
    );
}

/// A `#hashtag` or `@mention` is searched whole and without regard to case,
/// as social networks read them; a lexicon entry of one counts as evidence.
#[test]
fn hashtags_and_mentions_are_searched_and_matched_whole() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("posts.txt");
    std::fs::write(
        &text,
        "Nous marchons pour le #Climat avec @Elysee.\n\n\
         Le #CLIMAT encore, le climat toujours, #ClimatSocial et #climats.\n",
    )
    .unwrap();
    let text = text.to_str().unwrap();
    let found: serde_json::Value =
        serde_json::from_slice(&run_ok(&["kwic", "#climat", text])).unwrap();
    let keywords: Vec<&str> = found["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["keyword"].as_str().unwrap())
        .collect();
    assert_eq!(keywords, ["#Climat", "#CLIMAT"]);
    let found: serde_json::Value =
        serde_json::from_slice(&run_ok(&["kwic", "pour le #climat avec @elysee", text])).unwrap();
    assert_eq!(found["occurrences"], 1);
    // The word is not the hashtag.
    let found: serde_json::Value =
        serde_json::from_slice(&run_ok(&["kwic", "climat", text])).unwrap();
    assert_eq!(found["occurrences"], 1);
    let lexicon = dir.path().join("tags.toml");
    std::fs::write(
        &lexicon,
        "name = \"tags\"\n\n[[theme]]\nid = \"climat\"\nlabel = \"Climat\"\nthreshold = 1\n\n\
         [theme.entries]\n\"#climat\" = 1\n",
    )
    .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&run_ok(&[
        "analyze",
        text,
        "--themes",
        lexicon.to_str().unwrap(),
    ]))
    .unwrap();
    let passages = report["documents"][0]["passages"].as_array().unwrap();
    let evidence: Vec<&str> = passages
        .iter()
        .flat_map(|p| p["evidence"].as_array().unwrap())
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(evidence, ["#Climat", "#CLIMAT"]);
    // A * cannot end one.
    let out = run(&["kwic", "#clim*", text]);
    assert_eq!(out.status.code(), Some(2));
}
