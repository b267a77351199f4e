//! Real-world input: `tests/data/hostile/` holds every fault researchers
//! meet (Windows-1252, UTF-16 and UTF-8 with BOM, NFD, binary and empty
//! files, broken JSONL lines, a ragged CSV, unclosed front matter, a lexicon
//! with a syntax error). One run of the real binary must account for every
//! input unit, give each skip its reason, and exit 3. Files too large to keep
//! in the repository are made by the tests.

use crate::common::{root, run};

use parole::report::Report;

fn valid_report(bytes: &[u8]) -> Report {
    let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    serde_json::from_value(value).unwrap()
}

#[test]
fn every_fault_is_accounted_for() {
    let out = run(&["analyze", "tests/data/hostile/"]);
    assert_eq!(out.status.code(), Some(3), "report written, inputs skipped");
    let report = valid_report(&out.stdout);
    let c = &report.corpus;
    let skipped: Vec<(String, String)> = c
        .skipped
        .iter()
        .map(|s| {
            (
                s.source
                    .trim_start_matches("tests/data/hostile/")
                    .to_string(),
                s.reason.clone(),
            )
        })
        .collect();
    let expected: Vec<(&str, &str)> = vec![
        ("bad-lexicon.toml", "unsupported file type (.toml)"),
        ("binary.png", "unsupported file type (.png)"),
        ("binary.txt", "binary"),
        ("blank.md", "empty"),
        (
            "broken.jsonl:2",
            "invalid JSON at column 39: EOF while parsing an object",
        ),
        (
            "broken.jsonl:4",
            "not a JSON object: each line must be one object, such as {\"text\": \"…\"}",
        ),
        (
            "broken.jsonl:5",
            "no field \"text\" (fields: id, texte); name the text field with --text-field",
        ),
        ("empty.txt", "empty"),
        ("ragged.csv:3", "ragged row: 4 fields, the header has 3; check its quoting (a field holding the delimiter or a line break must be in double quotes)"),
        ("ragged.csv:5", "ragged row: 1 field, the header has 3; check its quoting (a field holding the delimiter or a line break must be in double quotes)"),
    ];
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(a, b)| (a.into(), b.into()))
        .collect();
    assert_eq!(skipped, expected);
    assert_eq!(c.documents, 12);
    assert_eq!(
        c.inputs_seen,
        c.documents + c.skipped.len() as u64,
        "nothing lost"
    );
    let ids: Vec<&str> = report.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "j1",
            "j3",
            "j6",
            "nfd.txt",
            "c1",
            "c3",
            "s1",
            "s2",
            "unclosed-front-matter.md",
            "utf-16-bom.txt",
            "utf-8-bom.txt",
            "windows-1252.txt"
        ]
    );
    let doc = |id: &str| report.documents.iter().find(|d| d.id == id).unwrap();
    // Encodings are recorded, fallbacks warned about.
    let cp1252 = doc("windows-1252.txt");
    assert_eq!(cp1252.encoding, "windows-1252");
    assert_eq!(cp1252.warnings, ["not UTF-8: decoded as windows-1252"]);
    assert_eq!(cp1252.meta["titre"], "Déclaration sur l'écologie");
    assert!(cp1252.passages[0]
        .text
        .starts_with("La transition écologique doit être financée"));
    assert_eq!(cp1252.passages[0].themes, ["ecologie"]);
    assert_eq!(doc("utf-16-bom.txt").encoding, "UTF-16LE");
    assert_eq!(
        doc("utf-16-bom.txt").passages.len(),
        2,
        "CRLF lines are paragraphs"
    );
    assert_eq!(doc("utf-8-bom.txt").encoding, "UTF-8");
    assert_eq!(
        doc("utf-8-bom.txt").passages[0].span[0],
        3,
        "spans index the file, BOM included"
    );
    assert_eq!(
        doc("unclosed-front-matter.md").warnings,
        ["front matter not closed: read as text"]
    );
    // The semicolon CSV was read with its separator detected.
    assert_eq!(
        doc("s1").passages[0].text,
        "La relocalisation industrielle; enfin"
    );
    // NFD text gives the keys of its NFC twin.
    let nfd_keys: Vec<&str> = doc("nfd.txt")
        .terms
        .iter()
        .map(|t| t.key.as_str())
        .collect();
    assert!(
        nfd_keys.contains(&"ecolog") && nfd_keys.contains(&"biodivers"),
        "{nfd_keys:?}"
    );
    assert!(doc("nfd.txt")
        .terms
        .iter()
        .any(|t| t.display == "écologique"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("parole: skipped "))
            .count(),
        10
    );
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("parole: warning: "))
            .count(),
        2
    );
    // --allow-skipped: same report, status 0.
    let allowed = run(&["analyze", "tests/data/hostile/", "--allow-skipped"]);
    assert_eq!(allowed.status.code(), Some(0));
    assert_eq!(allowed.stdout, out.stdout);
}

#[test]
fn a_lexicon_with_a_syntax_error_stops_before_any_report() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    let out = run(&[
        "analyze",
        "tests/data/hostile/",
        "--themes",
        "tests/data/hostile/bad-lexicon.toml",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("parole: tests/data/hostile/bad-lexicon.toml:6:"),
        "{stderr}"
    );
    assert!(!target.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn explicit_encoding_and_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    // ISO-8859-15 has € at 0xA4 where windows-1252 has ¤.
    std::fs::write(
        dir.path().join("euro.txt"),
        b"Un budget de 10 \xa4 pour le climat.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("big.txt"), "climat ".repeat(2_000)).unwrap();
    let out = run(&[
        "analyze",
        dir.path().to_str().unwrap(),
        "--encoding",
        "iso-8859-15",
        "--max-document-bytes",
        "1000",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let report = valid_report(&out.stdout);
    assert_eq!(report.corpus.skipped.len(), 1);
    assert_eq!(
        report.corpus.skipped[0].reason,
        "larger than --max-document-bytes (1000 bytes)"
    );
    let euro = &report.documents[0];
    assert_eq!(euro.encoding, "ISO-8859-15");
    assert!(
        euro.passages[0].text.contains("10 €"),
        "{}",
        euro.passages[0].text
    );
    let bad = run(&[
        "analyze",
        dir.path().to_str().unwrap(),
        "--encoding",
        "klingon",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown encoding"));
    // Labels of the WHATWG "replacement" encoding would read every
    // document as one U+FFFD, a corpus of no token: refused.
    for label in ["iso-2022-kr", "replacement", "hz-gb-2312"] {
        let out = run(&["analyze", dir.path().to_str().unwrap(), "--encoding", label]);
        assert_eq!(out.status.code(), Some(2), "{label}");
        assert!(out.stdout.is_empty(), "{label}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("cannot be decoded"), "{stderr}");
    }
}

/// `--encoding utf-16le` given for UTF-8 files read them as characters of
/// no script the text is in, with status 0: each such file is now one
/// skip that says so, and a UTF-16 file without a byte-order mark is still
/// read.
#[test]
fn utf8_files_read_as_utf16_are_skipped_saying_why() {
    let dir = tempfile::tempdir().unwrap();
    let text = "La souveraineté industrielle de la France.";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    std::fs::write(
        dir.path().join("b.jsonl"),
        format!("{{\"text\": \"{text}\"}}\n{{\"text\": \"{text}\"}}\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("c.csv"), format!("text\n{text}\n")).unwrap();
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.path().join("d.txt"), utf16).unwrap();
    let out = run(&[
        "analyze",
        dir.path().to_str().unwrap(),
        "--encoding",
        "utf-16le",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let report = valid_report(&out.stdout);
    let skipped: Vec<(&str, &str)> = report
        .corpus
        .skipped
        .iter()
        .map(|s| {
            let name = std::path::Path::new(&s.source).file_name().unwrap();
            (name.to_str().unwrap(), s.reason.as_str())
        })
        .collect();
    let reason = "UTF-8 read as UTF-16 (--encoding): its first bytes hold no NUL, which \
                  UTF-16 has beside every ASCII letter, and are valid UTF-8; leave --encoding \
                  out, or give it only for the files in UTF-16";
    assert_eq!(
        skipped,
        [("a.txt", reason), ("b.jsonl", reason), ("c.csv", reason)]
    );
    assert_eq!(report.documents.len(), 1);
    assert_eq!(report.documents[0].passages[0].text, text);
}

#[test]
fn large_inputs_complete() {
    let dir = tempfile::tempdir().unwrap();
    // A paragraph of ten million characters, 100,000 tiny files in deep
    // folders, and a symbolic link back up the tree.
    let sentence = "La transition écologique exige des règles claires pour les plateformes. ";
    let copies = (10_000_000 - sentence.len()).div_ceil(sentence.chars().count());
    let para = sentence.repeat(copies);
    assert!(para.chars().count() < 10_000_000);
    std::fs::write(dir.path().join("long.txt"), &para).unwrap();
    let mut deep = dir.path().join("deep");
    for level in 0..40 {
        deep = deep.join(format!("d{level}"));
    }
    for k in 0..100_000 {
        let folder = deep.join(format!("{:02}", k % 100));
        if k < 100 {
            std::fs::create_dir_all(&folder).unwrap();
        }
        std::fs::write(
            folder.join(format!("{k:06}.txt")),
            format!("Le climat {k}.\n"),
        )
        .unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path(), deep.join("loop")).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("report.jsonl");
    let out = run(&[
        "analyze",
        dir.path().to_str().unwrap(),
        "--format",
        "jsonl",
        "--top",
        "5",
        "--quiet",
        "--follow-links",
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&output).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        100_002,
        "one line per document, then the totals"
    );
    let report: Report = serde_json::from_str(lines.last().unwrap()).unwrap();
    assert_eq!(report.corpus.documents, 100_001);
    assert_eq!(report.corpus.inputs_seen, 100_002);
    assert_eq!(report.corpus.skipped.len(), 1);
    assert_eq!(report.corpus.skipped[0].reason, "symbolic link loop");
    let long: parole::report::DocumentReport = serde_json::from_str(lines[100_000]).unwrap();
    assert_eq!(long.id, "long.txt");
    assert_eq!(long.passages.len(), 1);
    assert!(long.content_tokens > 600_000);
}

/// Per passage, each token as `kind:key` with its stopword label.
type PassageTokens = Vec<Vec<(String, bool)>>;
/// Term keys with their counts, sorted.
type Terms = Vec<(String, u64)>;

/// The terms and tokens of a document, without positions.
fn analysis(text: &str) -> (PassageTokens, Terms) {
    use parole::analyze::TokenKind;
    use parole::pipeline::Config;
    use parole::segment::{passages, PassageMode};
    let config = Config {
        top: 1000,
        min_ngram_count: 1,
        ..Config::builtin(PassageMode::Paragraph)
    };
    let tokens = passages(text, 0, PassageMode::Paragraph)
        .into_iter()
        .map(|span| {
            let passage = &text[span.start..span.end];
            config
                .analyzer
                .analyze_at(passage, span.start)
                .into_iter()
                .map(|t| {
                    // Spans slice the original bytes, whatever they hold.
                    assert!(
                        text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end)
                    );
                    assert!(!text[t.span.start..t.span.end].trim().is_empty());
                    let kind = if t.kind == TokenKind::Punct {
                        "punct"
                    } else {
                        "token"
                    };
                    (format!("{kind}:{}", t.key), t.stopword)
                })
                .collect()
        })
        .collect();
    let doc = parole::corpus::Document {
        id: "d".into(),
        source: "d".into(),
        meta: Default::default(),
        text: text.into(),
        body_start: 0,
        encoding: "UTF-8".into(),
        warnings: Vec::new(),
    };
    let result = config.analyze_document(&doc);
    let mut terms: Vec<(String, u64)> = result
        .terms
        .sorted(1)
        .iter()
        .map(|r| (r.key.to_string(), r.counts.count))
        .collect();
    terms.sort();
    (tokens, terms)
}

#[test]
fn dirty_text_analyses_like_its_clean_twin() {
    let clean = "La transition écologique finance l’État.\nLe climat : 109 milliards, 12 %.\nSouveraineté\tnumérique.";
    let twins = [
        ("CRLF", clean.replace('\n', "\r\n")),
        ("CR", clean.replace('\n', "\r")),
        (
            "NFD",
            clean.replace('é', "e\u{301}").replace('É', "E\u{301}"),
        ),
        ("ligature", clean.replace("fi", "\u{FB01}")),
        (
            "soft hyphen",
            clean
                .replace("écologique", "éco\u{AD}logique")
                .replace("milliards", "mil\u{AD}liards"),
        ),
        (
            "zero-width",
            clean
                .replace("numérique", "numé\u{200B}rique")
                .replace("climat", "cli\u{2060}mat"),
        ),
        (
            "no-break spaces",
            clean
                .replace(" :", "\u{A0}:")
                .replace(" %", "\u{202F}%")
                .replace("109 ", "109\u{A0}"),
        ),
        ("tabs", clean.replace(' ', "\t")),
        ("typographic apostrophe", clean.replace('’', "'")),
    ];
    let expected = analysis(clean);
    for (name, dirty) in twins {
        assert_ne!(dirty, clean, "{name}: the twin differs");
        assert_eq!(analysis(&dirty), expected, "{name}");
    }
}

/// A reader of stderr that goes away (`parole analyze … 2>&1 | head`) ends
/// no run with a panic (status 101): the messages are lost, the report is
/// written, and the status is the one the report calls for (3: inputs
/// skipped).
#[test]
fn a_closed_stderr_is_no_panic() {
    let (reader, writer) = std::io::pipe().unwrap();
    // Closed before parole writes its first message.
    drop(reader);
    let out = crate::common::parole()
        .args(["analyze", "tests/data/hostile/"])
        .stderr(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    valid_report(&out.stdout);
}
