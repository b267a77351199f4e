//! Integration tests of `parole train`: the real binary on a synthetic,
//! separable gold file written by the test, with the learned lexicon checked
//! by `parole themes --check` and the report read back as JSON.

use crate::common::{root, run, run_ok, shared};

use std::path::{Path, PathBuf};

use serde_json::Value;

/// A separable gold file: theme `nature` is signalled by "forêt" and
/// "rivière", theme `impots` by "impôt" and "fiscalité", beside noise
/// sentences shared by every class. Returns its path.
fn separable_gold(dir: &Path, n: usize) -> PathBuf {
    let noise = [
        "Nous voulons avancer ensemble pour le pays.",
        "Le gouvernement présentera son plan la semaine prochaine.",
        "Les citoyens attendent des réponses claires et rapides.",
        "Cette réunion fut longue mais utile pour tous.",
        "Je remercie les élus présents ce matin.",
    ];
    let mut lines = String::new();
    for k in 0..n {
        let base = noise[k % noise.len()];
        let (text, themes) = match k % 3 {
            0 => (
                format!("{base} La forêt brûle et la rivière déborde."),
                r#"["nature"]"#,
            ),
            1 => (
                format!("{base} Un impôt de plus, voilà notre fiscalité."),
                r#"["impots"]"#,
            ),
            _ => (base.to_string(), "[]"),
        };
        let line = serde_json::json!({"id": format!("s{k}"), "text": text});
        let mut line = line.to_string();
        line.truncate(line.len() - 1);
        lines += &format!("{line},\"themes\":{themes}}}\n");
    }
    let path = dir.join("gold.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `parole train --gold GOLD --out OUT EXTRA...`, which must succeed,
/// and returns its stdout.
#[track_caller]
fn train_ok(gold: &Path, out: &Path, extra: &[&str]) -> Vec<u8> {
    let mut args = vec!["train", "--gold", s(gold), "--out", s(out)];
    args.extend_from_slice(extra);
    run_ok(&args)
}

/// [`train_ok`] with the JSON report read.
#[track_caller]
fn train_json(gold: &Path, out: &Path, extra: &[&str]) -> Value {
    serde_json::from_slice(&train_ok(gold, out, extra)).unwrap()
}

#[test]
fn separable_set_recovers_the_signal_words_with_f1_one() {
    let dir = tempfile::tempdir().unwrap();
    let gold = separable_gold(dir.path(), 60);
    let out = dir.path().join("learned.toml");
    let report = train_json(&gold, &out, &["--quiet"]);
    assert_eq!(report["passages"], 60);
    for theme in report["themes"].as_array().unwrap() {
        assert_eq!(theme["cv"]["f1"], 1.0, "{theme}");
        assert_eq!(theme["support"], 20);
    }
    assert_eq!(report["macro"]["f1"], 1.0);
    let lexicon = std::fs::read_to_string(&out).unwrap();
    let table = |id: &str| {
        let from = lexicon.find(&format!("id = \"{id}\"")).unwrap();
        let rest = &lexicon[from..];
        rest[..rest[1..].find("[[theme]]").map_or(rest.len(), |k| k + 1)].to_string()
    };
    for word in ["\"forêt\"", "\"rivière\""] {
        assert!(
            table("nature").contains(word),
            "{word}:\n{}",
            table("nature")
        );
    }
    for word in ["\"impôt\"", "\"fiscalité\""] {
        assert!(
            table("impots").contains(word),
            "{word}:\n{}",
            table("impots")
        );
    }
    assert!(!table("nature").contains("\"impôt\""));
    // The header says where the lexicon comes from.
    assert!(lexicon.starts_with("# Theme lexicon produced by `parole train`."));
    assert!(lexicon.contains("gold: gold.jsonl (60 passages, sha256 "));
    // The written lexicon is valid for the loader, and eval agrees with it.
    let check = String::from_utf8(run_ok(&["themes", "--check", s(&out)])).unwrap();
    assert!(
        check.contains("nature") && check.contains("impots"),
        "{check}"
    );
    let eval: Value =
        serde_json::from_slice(&run_ok(&["eval", "--gold", s(&gold), "--themes", s(&out)]))
            .unwrap();
    assert_eq!(eval["macro"]["f1"], 1.0);
}

#[test]
fn same_data_and_seed_same_lexicon_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let gold = separable_gold(dir.path(), 45);
    let one = dir.path().join("one.toml");
    let two = dir.path().join("two.toml");
    let other = dir.path().join("other.toml");
    let report_one = train_ok(&gold, &one, &["--seed", "7", "-q"]);
    let report_two = train_ok(&gold, &two, &["--seed", "7", "-q"]);
    train_ok(&gold, &other, &["--seed", "8", "-q"]);
    assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&two).unwrap());
    // The reports differ only by the path of the lexicon written.
    let without_out = |report: Vec<u8>| {
        let mut report: Value = serde_json::from_slice(&report).unwrap();
        assert!(report["out"].as_str().unwrap().ends_with(".toml"));
        report["out"] = Value::Null;
        report
    };
    assert_eq!(without_out(report_one), without_out(report_two));
    let other = std::fs::read_to_string(&other).unwrap();
    assert!(other.contains("seed: 8"));
}

#[test]
fn base_entries_are_kept_and_additions_marked_learned() {
    let dir = tempfile::tempdir().unwrap();
    let gold = separable_gold(dir.path(), 60);
    let base = dir.path().join("base.toml");
    std::fs::write(
        &base,
        "name = \"mini\"\nversion = \"1\"\n\n[[theme]]\nid = \"nature\"\nlabel = \"Nature\"\n\
         group = \"core\"\ndescription = \"Forêts et rivières.\"\nthreshold = 2\n\
         exclude = [\"forêt noire\"]\n\n[theme.entries]\n\"bosquet\" = 3\n\"arbre*\" = 1\n\n\
         [[theme]]\nid = \"sport\"\nlabel = \"Sport\"\n\n[theme.entries]\n\"football\" = 3\n",
    )
    .unwrap();
    let out = dir.path().join("trained.toml");
    let report = train_json(&gold, &out, &["--base", s(&base), "-q"]);
    let lexicon = std::fs::read_to_string(&out).unwrap();
    // Base entries, label, group, description and exclusions are kept.
    for line in [
        "label = \"Nature\"",
        "group = \"core\"",
        "description = \"Forêts et rivières.\"",
        "  \"forêt noire\",",
    ] {
        assert!(lexicon.contains(line), "{line}:\n{lexicon}");
    }
    let line_of = |entry: &str| {
        lexicon
            .lines()
            .find(|l| l.starts_with(&format!("\"{entry}\" = ")))
            .unwrap_or_else(|| panic!("no {entry} in\n{lexicon}"))
            .to_string()
    };
    // The base's words are absent from the gold passages: the signal words
    // are learned.
    assert!(!line_of("bosquet").contains("# learned"));
    assert!(!line_of("arbre*").contains("# learned"));
    assert!(line_of("forêt").ends_with("  # learned"));
    assert!(line_of("rivière").ends_with("  # learned"));
    // A theme the gold file never labels is copied unchanged.
    assert_eq!(line_of("football"), "\"football\" = 3");
    let themes = report["themes"].as_array().unwrap();
    assert_eq!(themes[0]["id"], "nature");
    assert_eq!(themes[0]["labelled"], true);
    assert!(themes[0]["learned"].as_u64().unwrap() >= 1);
    assert!(themes[0]["base"]["f1"].is_number(), "{}", themes[0]);
    assert_eq!(themes[1]["id"], "sport");
    assert_eq!(themes[1]["labelled"], false);
    assert!(report["base_macro"]["f1"].is_number());
    run_ok(&["themes", "--check", s(&out)]);
    // What reproduces the lexicon: the base's and the stopwords' SHA-256,
    // and every option, in the report and in the lexicon's header.
    let sha = |p: &Path| {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(std::fs::read(p).unwrap());
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let stop = dir.path().join("stop.txt");
    std::fs::write(&stop, "le\nla\nde\n").unwrap();
    let report = train_json(
        &gold,
        &out,
        &[
            "--base",
            s(&base),
            "--stopwords",
            s(&stop),
            "--l2",
            "30",
            "--l1",
            "1",
            "-q",
        ],
    );
    assert_eq!(report["base_sha256"], sha(&base));
    assert_eq!(report["stopwords"]["sha256"], sha(&stop));
    // The lexicon written is named with its SHA-256, which `eval` records
    // for the same file: the report and the lexicon can be matched.
    assert_eq!(report["out"], s(&out));
    assert_eq!(report["out_sha256"], sha(&out));
    let scored: Value =
        serde_json::from_slice(&run_ok(&["eval", "--gold", s(&gold), "--themes", s(&out)]))
            .unwrap();
    assert_eq!(scored["lexicon"]["sha256"], report["out_sha256"]);
    assert_eq!(report["stopwords"]["entries"], 3);
    assert_eq!(
        (report["l2"].as_f64(), report["l1"].as_f64()),
        (Some(30.0), Some(1.0))
    );
    let lexicon = std::fs::read_to_string(&out).unwrap();
    for line in [
        format!("# base: {} (sha256 {})", s(&base), sha(&base)),
        format!(
            "# stopwords: {} (3 entries, sha256 {})",
            s(&stop),
            sha(&stop)
        ),
        "# folds: 5, seed: 2026, top: 40, min-df: 2, l2: 30, l1: 1".to_string(),
    ] {
        assert!(lexicon.lines().any(|l| l == line), "{line}:\n{lexicon}");
    }
}

#[test]
fn a_passage_whose_only_signal_is_its_own_word_is_not_found_in_cross_validation() {
    let dir = tempfile::tempdir().unwrap();
    let gold = separable_gold(dir.path(), 60);
    // Labelled nature, with no nature word but one word found nowhere else.
    let mut text = std::fs::read_to_string(&gold).unwrap();
    text += r#"{"id":"poison","text":"Nous voulons avancer ensemble avec le zorglub.","themes":["nature"]}"#;
    text += "\n";
    std::fs::write(&gold, text).unwrap();
    let out = dir.path().join("learned.toml");
    let report = train_json(
        &gold,
        &out,
        &["--min-df", "1", "--l1", "0", "--l2", "1", "-q"],
    );
    // Trained on every passage (no sparsity penalty, a weak L2 one), the
    // lexicon learns the word...
    let lexicon = std::fs::read_to_string(&out).unwrap();
    assert!(lexicon.contains("\"zorglub\" = "), "{lexicon}");
    // ...but cross-validation misses the passage: its fold never saw it.
    let nature = report["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "nature")
        .unwrap();
    assert_eq!(nature["support"], 21);
    assert_eq!(nature["cv"]["true_positives"], 20, "{nature}");
}

#[test]
fn bad_gold_line_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("bad.jsonl");
    std::fs::write(
        &gold,
        "{\"id\":\"a\",\"text\":\"La forêt.\",\"themes\":[\"nature\"]}\n{\"id\": \"b\", \"text\": 3}\n",
    )
    .unwrap();
    let out_path = dir.path().join("out.toml");
    let out = run(&["train", "--gold", s(&gold), "--out", s(&out_path)]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("parole: "), "{stderr}");
    assert!(
        stderr.contains("bad.jsonl") && stderr.contains(":2"),
        "{stderr}"
    );
    assert!(!out_path.exists(), "nothing is written on error");
}

#[test]
fn refuses_to_write_over_the_gold_file_and_checks_options() {
    let dir = tempfile::tempdir().unwrap();
    let gold = separable_gold(dir.path(), 30);
    let before = std::fs::read(&gold).unwrap();
    let out = run(&["train", "--gold", s(&gold), "--out", s(&gold)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write"));
    assert_eq!(std::fs::read(&gold).unwrap(), before);
    let lexicon = dir.path().join("l.toml");
    for (flag, value) in [
        ("--folds", "1"),
        ("--min-df", "0"),
        ("--only-themes", "inconnu"),
    ] {
        let out = run(&[
            "train",
            "--gold",
            s(&gold),
            "--out",
            s(&lexicon),
            flag,
            value,
        ]);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        assert!(!lexicon.exists());
    }
    // A misspelt theme: the labels the gold file has, and the one it is
    // close to.
    let out = run(&[
        "train",
        "--gold",
        s(&gold),
        "--out",
        s(&lexicon),
        "--only-themes",
        "natre",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.ends_with(
            "parole: theme \"natre\": no gold passage carries it; nothing to learn it from (did \
             you mean nature? the gold passages carry: impots, nature)\n"
        ),
        "{stderr}"
    );
}

#[test]
fn text_report_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let gold = separable_gold(dir.path(), 30);
    let out = dir.path().join("l.toml");
    let table = String::from_utf8(train_ok(
        &gold,
        &out,
        &["--format", "text", "--folds", "3", "-q"],
    ))
    .unwrap();
    assert!(table.starts_with("theme "), "{table}");
    assert!(table.contains("\nmacro "), "{table}");
    assert!(
        table.contains("30 passages, 3-fold cross-validation"),
        "{table}"
    );
    let help = String::from_utf8(run_ok(&["train", "--help"])).unwrap();
    assert!(help.contains("parole train --gold"), "{help}");
    assert!(help.contains("Exit status"));
}

#[test]
fn csv_report_is_the_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let gold = separable_gold(dir.path(), 30);
    let out = dir.path().join("l.toml");
    let json = train_json(&gold, &out, &["--folds", "3", "-q"]);
    let csv = train_ok(&gold, &out, &["--format", "csv", "--folds", "3", "-q"]);
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "theme",
            "labelled",
            "support",
            "threshold",
            "entries",
            "learned",
            "precision",
            "recall",
            "f1",
            "base_precision",
            "base_recall",
            "base_f1"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let themes = json["themes"].as_array().unwrap();
    assert_eq!(rows.len(), themes.len() + 2, "themes, micro, macro");
    let number = |cell: &str| cell.parse::<f64>().unwrap();
    for (row, theme) in rows.iter().zip(themes) {
        assert_eq!(&row[0], theme["id"].as_str().unwrap());
        assert_eq!(number(&row[2]), theme["support"].as_f64().unwrap());
        assert_eq!(number(&row[3]), theme["threshold"].as_f64().unwrap());
        assert_eq!(number(&row[8]), theme["cv"]["f1"].as_f64().unwrap());
        assert_eq!(&row[11], "", "no base");
    }
    let macro_ = &rows[rows.len() - 1];
    assert_eq!(&macro_[0], "macro");
    assert_eq!(&macro_[2], "");
    assert_eq!(number(&macro_[8]), json["macro"]["f1"].as_f64().unwrap());
}

#[test]
fn dev_labels_train_and_write_a_loadable_lexicon() {
    let Some(shared) = shared() else { return };
    let gold = shared.join("themes/dev_labels.jsonl");
    if !gold.is_file() {
        eprintln!("notice: {} is absent; skipping", gold.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dev.toml");
    let report = train_json(&gold, &out, &["--base", "themes/fr.toml", "-q"]);
    assert_eq!(report["passages"], 350);
    // Cross-validated, the refitted lexicon stays close to the base's
    // (in-sample) figures.
    let f1 = report["macro"]["f1"].as_f64().unwrap();
    assert!(f1 > 0.75, "macro F1 {f1}");
    run_ok(&["themes", "--check", s(&out)]);
}

/// The `train` tables of README.md are what the current code prints.
#[test]
fn readme_train_tables_are_real_output() {
    let Some(shared) = shared() else { return };
    let gold = shared.join("themes/dev_labels.jsonl");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("On the 350 hand-labelled paragraphs").unwrap()..];
    let block = &section[section.find("```text").unwrap() + 7..];
    let block = &block[..block.find("```").unwrap()];
    // Each command's table: the lines after its command (and the command's
    // continuation line) up to a blank line or the line parole writes on
    // stderr.
    let table_after = |command_end: &str| -> String {
        let rest = &block[block.find(command_end).unwrap() + command_end.len()..];
        rest.lines()
            .skip(1)
            .take_while(|l| !l.is_empty() && !l.starts_with("parole: "))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("learned.toml");
    let gold = gold.to_str().unwrap();
    let from_nothing = run_ok(&[
        "train",
        "--gold",
        gold,
        "--out",
        out.to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert_eq!(
        String::from_utf8(from_nothing).unwrap(),
        table_after("--out learned.toml --format text")
    );
    let base = root().join("themes/fr.toml");
    let from_base = run_ok(&[
        "train",
        "--gold",
        gold,
        "--base",
        base.to_str().unwrap(),
        "--only-themes",
        "souverainete,regulation,ecologie",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert_eq!(
        String::from_utf8(from_base).unwrap(),
        table_after("--out fr-trained.toml --format text")
    );
}

/// A folder given as `--out` is refused before any training, with a file
/// name for a lexicon: it was refused only when the lexicon was written,
/// after the training, and advised a `report.json`.
#[test]
fn a_folder_as_out_is_refused_before_training_with_a_lexicon_name() {
    let dir = tempfile::tempdir().unwrap();
    let gold = separable_gold(dir.path(), 40);
    let out = run(&[
        "train",
        "--gold",
        gold.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("is a folder; give the path of the lexicon file to write, such as")
            && stderr.contains("learned.toml"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "no training report");
    // `-` is no file: stdout carries the report.
    let out = run(&["train", "--gold", s(&gold), "--out", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "parole: --out -: the lexicon is written to a file, the report to stdout; give --out \
         a file name, such as learned.toml\n"
    );
    assert!(out.stdout.is_empty(), "no training report");
    // A folder that does not exist is said before training, not after it.
    let missing = dir.path().join("no").join("learned.toml");
    let out = run(&["train", "--gold", s(&gold), "--out", s(&missing)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "parole: --out {}: the folder {} does not exist: create it (mkdir -p) or give --out \
             a path in an existing one\n",
            missing.display(),
            dir.path().join("no").display()
        )
    );
    assert!(out.stdout.is_empty(), "no training report");
}
