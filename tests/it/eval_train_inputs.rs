//! Integration tests of what `parole eval` and `parole train` accept as a
//! gold file and how they report it: the real binary on small gold files
//! written by each test.

use crate::common::{self, run, run_ok, SUBCOMMANDS};

use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Writes `content` as `name` in `dir` and returns its path.
fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn an_empty_gold_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    for content in ["", "\n\n  \n"] {
        let gold = write(dir.path(), "empty.jsonl", content);
        let lexicon = dir.path().join("out.toml");
        for args in [
            vec!["eval", "--gold", s(&gold)],
            vec!["train", "--gold", s(&gold), "--out", s(&lexicon)],
        ] {
            let out = run(&args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.starts_with(&format!("parole: {}: no gold passage", s(&gold))),
                "{args:?}: {stderr}"
            );
            assert!(out.stdout.is_empty(), "{args:?}");
            assert!(!lexicon.exists());
        }
    }
}

/// Two passages, one labelled souverainete: every other theme of the
/// built-in lexicon is not labelled.
const ONE_THEME: &str = concat!(
    r#"{"id":"a","text":"Nous défendons la souveraineté de la France.","themes":["souverainete"]}"#,
    "\n",
    r#"{"id":"b","text":"Le budget et la croissance de l'économie.","themes":[]}"#,
    "\n",
);

#[test]
fn a_gold_file_that_labels_no_theme_of_the_lexicon_is_an_error() {
    // Labels written with an accent the ids do not have, or no label at all:
    // averages over no theme would read as a score of 0.
    let dir = tempfile::tempdir().unwrap();
    for content in [
        "{\"id\":\"a\",\"text\":\"La souveraineté numérique.\",\"themes\":[\"souveraineté\"]}\n",
        "{\"id\":\"a\",\"text\":\"Le climat.\",\"themes\":[]}\n",
    ] {
        let gold = write(dir.path(), "g.jsonl", content);
        for format in ["json", "text", "csv"] {
            let out = run(&["eval", "--gold", s(&gold), "--format", format]);
            assert_eq!(out.status.code(), Some(2), "{content} {format}");
            assert!(out.stdout.is_empty());
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains("no passage carries a theme of the lexicon"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn a_theme_no_gold_passage_carries_has_no_figures_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "gold.jsonl", ONE_THEME);
    let csv = run(&["eval", "--gold", s(&gold), "--format", "csv"]);
    assert_eq!(csv.status.code(), Some(0));
    let csv = String::from_utf8(csv.stdout).unwrap();
    let row = |id: &str| -> Vec<String> {
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap_or_else(|| panic!("no row {id} in {csv}"));
        line.split(',').map(str::to_string).collect()
    };
    // theme,labelled,support,predicted,true_positives,precision,recall,f1
    let economie = row("economie");
    assert_eq!(economie[1..3], ["false", "0"], "{economie:?}");
    assert_eq!(economie[5..], ["", "", ""], "{economie:?}");
    let souverainete = row("souverainete");
    assert_eq!(souverainete[5..], ["1", "1", "1"], "{souverainete:?}");

    let json = run(&["eval", "--gold", s(&gold)]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    for theme in json["themes"].as_array().unwrap() {
        let labelled = theme["labelled"].as_bool().unwrap();
        for figure in ["precision", "recall", "f1"] {
            assert_eq!(theme[figure].is_null(), !labelled, "{theme}");
        }
    }
    assert_eq!(json["macro"]["f1"], 1.0);

    let text = run(&["eval", "--gold", s(&gold), "--format", "text"]);
    let text = String::from_utf8(text.stdout).unwrap();
    let economie = text.lines().find(|l| l.starts_with("economie ")).unwrap();
    assert!(
        economie.ends_with("(not labelled in the gold file)"),
        "{economie}"
    );
}

/// `parole train --gold GOLD --out OUT EXTRA...`, from the repository root.
fn train(gold: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["train", "--gold", s(gold), "--out", s(out)];
    args.extend_from_slice(extra);
    run(&args)
}

/// A gold file where `souverainete` and `ecologie` are each signalled by
/// their words on 10 of 30 passages; no passage carries any other theme.
fn two_themes(dir: &Path) -> PathBuf {
    let mut lines = String::new();
    for k in 0..30 {
        let (text, themes) = match k % 3 {
            0 => (
                "La forêt brûle, la rivière déborde et la biodiversité recule.",
                serde_json::json!(["ecologie"]),
            ),
            1 => (
                "Notre souveraineté industrielle : ne plus dépendre de l'étranger.",
                serde_json::json!(["souverainete"]),
            ),
            _ => (
                "Le gouvernement présentera son plan.",
                serde_json::json!([]),
            ),
        };
        let line = serde_json::json!({"id": format!("g{k}"), "text": text, "themes": themes});
        lines += &format!("{line}\n");
    }
    write(dir, "two.jsonl", &lines)
}

#[test]
fn learning_only_themes_no_gold_passage_carries_is_an_error_with_or_without_a_base() {
    let dir = tempfile::tempdir().unwrap();
    let gold = two_themes(dir.path());
    let out = dir.path().join("e.toml");
    for extra in [
        &["--only-themes", "economie"][..],
        &["--base", "themes/fr.toml", "--only-themes", "economie"],
        &[
            "--base",
            "themes/fr.toml",
            "--only-themes",
            "economie,social",
        ],
    ] {
        let result = train(&gold, &out, extra);
        assert_eq!(result.status.code(), Some(2), "{extra:?}");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(
            stderr.contains("no gold passage carries") && stderr.contains("economie"),
            "{extra:?}: {stderr}"
        );
        assert!(!stderr.contains("macro F1"), "{extra:?}: {stderr}");
        assert!(result.stdout.is_empty(), "{extra:?}");
        assert!(!out.exists(), "{extra:?}");
    }
    // With a base, a theme no passage carries beside one that is trained is
    // copied, and the averages are those of the trained theme alone.
    let result = train(
        &gold,
        &out,
        &[
            "--base",
            "themes/fr.toml",
            "--only-themes",
            "ecologie,economie",
        ],
    );
    assert_eq!(result.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    let themes = report["themes"].as_array().unwrap();
    assert_eq!(themes[1]["labelled"], false);
    assert_eq!(report["macro"]["f1"], themes[0]["cv"]["f1"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("1 trained") && stderr.contains("1 no gold passage carries"),
        "{stderr}"
    );
}

/// Status 2 means nothing written: a report that cannot be written leaves
/// no lexicon either, and no "wrote" message.
#[cfg(target_os = "linux")]
#[test]
fn train_writes_no_lexicon_when_its_report_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let gold = two_themes(dir.path());
    let out = dir.path().join("t.toml");
    let result = common::parole()
        .args(["train", "--gold", s(&gold), "--out", s(&out)])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("cannot write stdout"), "{stderr}");
    assert!(!stderr.contains("wrote"), "{stderr}");
    assert!(!out.exists(), "no lexicon on status 2");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the gold file, no temporary file");
}

/// A reader of stdout that goes away is no failure: status 0, the lexicon
/// is written.
#[test]
fn train_writes_its_lexicon_when_the_reader_of_stdout_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let gold = two_themes(dir.path());
    let out = dir.path().join("t.toml");
    let mut child = common::parole()
        .args(["train", "--gold", s(&gold), "--out", s(&out)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before the report is ready: training takes longer than this.
    drop(child.stdout.take());
    let result = child.wait_with_output().unwrap();
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(out.is_file());
}

/// `--gold -` reads the gold file from stdin, as `-` reads JSONL from stdin
/// in `analyze`: the same figures as from the file, named `<stdin>`, with
/// the SHA-256 of the bytes read.
#[test]
fn gold_dash_reads_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let gold = two_themes(dir.path());
    let bytes = std::fs::read(&gold).unwrap();

    let from_file: serde_json::Value =
        serde_json::from_slice(&common::run_ok(&["eval", "--gold", s(&gold)])).unwrap();
    let from_stdin: serde_json::Value =
        serde_json::from_slice(&common::run_ok_with_stdin(&["eval", "--gold", "-"], &bytes))
            .unwrap();
    assert_eq!(from_stdin["gold"]["source"], "<stdin>");
    assert_eq!(from_stdin["gold"]["sha256"], from_file["gold"]["sha256"]);
    assert_eq!(from_stdin["themes"], from_file["themes"]);

    let file_lexicon = dir.path().join("file.toml");
    let stdin_lexicon = dir.path().join("stdin.toml");
    let from_file: serde_json::Value = serde_json::from_slice(&common::run_ok(&[
        "train",
        "--gold",
        s(&gold),
        "--out",
        s(&file_lexicon),
        "-q",
    ]))
    .unwrap();
    let from_stdin: serde_json::Value = serde_json::from_slice(&common::run_ok_with_stdin(
        &["train", "--gold", "-", "--out", s(&stdin_lexicon), "-q"],
        &bytes,
    ))
    .unwrap();
    assert_eq!(from_stdin["gold"], "<stdin>");
    assert_eq!(from_stdin["gold_sha256"], from_file["gold_sha256"]);
    assert_eq!(from_stdin["themes"], from_file["themes"]);
    let header = std::fs::read_to_string(&stdin_lexicon).unwrap();
    assert!(
        header.contains("# gold: <stdin> (30 passages, sha256 "),
        "{header}"
    );

    // Errors name stdin and the line.
    let out = common::parole()
        .args(["eval", "--gold", "-"])
        .stdin(std::fs::File::open(write(dir.path(), "bad.jsonl", "{\"id\": 1\n")).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("parole: <stdin>:1:"), "{stderr}");
}

/// Numeric ids, which `analyze` reads in JSONL, are read by `eval` and
/// `train` too, as their JSON text.
#[test]
fn numeric_ids_are_read_as_analyze_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(
        dir.path(),
        "numeric.jsonl",
        concat!(
            r#"{"id":17,"text":"Nous défendons la souveraineté de la France.","themes":[]}"#,
            "\n",
            r#"{"id":"b","text":"Le climat change.","themes":["souverainete"]}"#,
            "\n",
        ),
    );
    let eval: serde_json::Value =
        serde_json::from_slice(&common::run_ok(&["eval", "--gold", s(&gold), "--errors"])).unwrap();
    let ids: Vec<&str> = eval["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"17"), "{ids:?}");
    let analyze: serde_json::Value =
        serde_json::from_slice(&common::run_ok(&["analyze", s(&gold)])).unwrap();
    assert_eq!(analyze["documents"][0]["id"], "17");
}

/// `--top 0` keeps every learned entry, as `--top 0` keeps every row in
/// `analyze` and `compare`.
#[test]
fn train_top_zero_keeps_every_learned_entry() {
    let dir = tempfile::tempdir().unwrap();
    let gold = two_themes(dir.path());
    let out = dir.path().join("t.toml");
    let learned = |top: &str| -> Vec<u64> {
        let result = train(&gold, &out, &["--top", top, "--l1", "0", "-q"]);
        assert_eq!(
            result.status.code(),
            Some(0),
            "--top {top}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
        assert_eq!(report["top"], top.parse::<u64>().unwrap());
        report["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["learned"].as_u64().unwrap())
            .collect()
    };
    let all = learned("0");
    assert_eq!(all, learned("100000"));
    assert!(all.iter().all(|&n| n > 1), "{all:?}");
    assert_eq!(learned("1"), [1, 1]);
    learned("0");
    let lexicon = std::fs::read_to_string(&out).unwrap();
    assert!(lexicon.contains(", top: all,"), "{lexicon}");
}

/// A gold id given to two passages is an error naming the file, both lines
/// and the id, for `eval` as for `train`.
#[test]
fn an_id_given_twice_is_an_error_naming_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = std::fs::read_to_string(two_themes(dir.path())).unwrap();
    lines += r#"{"id":"g4","text":"Le climat change.","themes":["ecologie"]}"#;
    lines.push('\n');
    let gold = write(dir.path(), "twice.jsonl", &lines);
    let out = dir.path().join("t.toml");
    for args in [
        vec!["eval", "--gold", s(&gold)],
        vec!["train", "--gold", s(&gold), "--out", s(&out)],
    ] {
        let result = run(&args);
        assert_eq!(result.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(
            stderr.starts_with(&format!(
                "parole: {}:31: id \"g4\" is also the id of line 5;",
                s(&gold)
            )),
            "{args:?}: {stderr}"
        );
        assert!(result.stdout.is_empty());
        assert!(!out.exists());
    }
}

/// `eval -o` and `themes -o` write what they print, atomically, and refuse
/// to write over one of their inputs; `-o -` is standard output.
#[test]
fn eval_and_themes_write_to_a_file_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(dir.path(), "gold.jsonl", ONE_THEME);
    let lexicon = common::root().join("themes/fr.toml");
    for (command, args) in [
        ("eval", vec!["eval", "--gold", s(&gold), "--format", "text"]),
        ("themes", vec!["themes", "--format", "csv"]),
    ] {
        let printed = run(&args);
        assert_eq!(printed.status.code(), Some(0), "{command}");
        let out = dir.path().join(format!("{command}.out"));
        let written = run(&[&args[..], &["-o", s(&out)]].concat());
        assert_eq!(written.status.code(), Some(0), "{command}");
        assert!(written.stdout.is_empty(), "{command}");
        assert_eq!(std::fs::read(&out).unwrap(), printed.stdout, "{command}");
        let dash = run(&[&args[..], &["-o", "-"]].concat());
        assert_eq!(dash.stdout, printed.stdout, "{command}");
    }
    // Over the gold file, or the lexicon read.
    let copy = dir.path().join("fr.toml");
    std::fs::copy(&lexicon, &copy).unwrap();
    for (args, input) in [
        (vec!["eval", "--gold", s(&gold), "-o", s(&gold)], &gold),
        (
            vec![
                "eval",
                "--gold",
                s(&gold),
                "--themes",
                s(&copy),
                "-o",
                s(&copy),
            ],
            &copy,
        ),
        (vec!["themes", "--check", s(&copy), "-o", s(&copy)], &copy),
    ] {
        let before = std::fs::read(input).unwrap();
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("refusing to write"), "{stderr}");
        assert!(stderr.contains("it is an input"), "{stderr}");
        assert_eq!(std::fs::read(input).unwrap(), before, "{args:?}");
    }
    // Through a symbolic link, the file written is the link's target: a
    // link to an input is refused as the input is, by eval, themes and
    // train alike.
    #[cfg(unix)]
    {
        let link = dir.path().join("link");
        for (target, args) in [
            (&gold, vec!["eval", "--gold", s(&gold), "-o", s(&link)]),
            (&copy, vec!["themes", "--themes", s(&copy), "-o", s(&link)]),
            (&gold, vec!["train", "--gold", s(&gold), "--out", s(&link)]),
        ] {
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(target, &link).unwrap();
            let before = std::fs::read(target).unwrap();
            let out = run(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains("it is an input"), "{stderr}");
            assert_eq!(std::fs::read(target).unwrap(), before, "{args:?}");
        }
    }
}

/// A label that cannot be a theme id is refused before anything is learned
/// (it used to stop `train` with a panic when the lexicon was written), and
/// the lexicon is never written over the stopword list read.
#[test]
fn train_refuses_labels_that_are_no_theme_id_and_writing_over_its_stopwords() {
    let dir = tempfile::tempdir().unwrap();
    let gold = two_themes(dir.path());
    let relabelled = std::fs::read_to_string(&gold)
        .unwrap()
        .replace("\"ecologie\"", "\"Écologie\"");
    let gold = write(dir.path(), "relabelled.jsonl", &relabelled);
    let out = dir.path().join("learned.toml");
    for extra in [&[][..], &["--only-themes", "Écologie"][..]] {
        let run = train(&gold, &out, extra);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(
            stderr.contains("theme \"Écologie\"")
                && stderr.contains("a theme id is lower-case ASCII letters, digits or _"),
            "{stderr}"
        );
        assert!(!out.exists());
    }
    // Leaving it out is the way on.
    let run = train(&gold, &out, &["--only-themes", "souverainete", "-q"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let stopwords = dir.path().join("stop.txt");
    std::fs::copy(common::root().join("stopwords/fr.txt"), &stopwords).unwrap();
    let before = std::fs::read(&stopwords).unwrap();
    let run = train(
        &two_themes(dir.path()),
        &stopwords,
        &["--stopwords", s(&stopwords)],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("it is an input"));
    assert_eq!(std::fs::read(&stopwords).unwrap(), before);
}

/// With a base lexicon that lacks a labelled theme, `train` says that the
/// theme is not learned, and gives no base averages over other themes.
#[test]
fn train_names_the_labels_its_base_lacks_and_averages_the_base_on_the_same_themes() {
    let dir = tempfile::tempdir().unwrap();
    let gold = two_themes(dir.path());
    let base = write(
        dir.path(),
        "base.toml",
        "[[theme]]\nid = \"souverainete\"\nlabel = \"S\"\n[theme.entries]\n\"souveraineté\" = 3\n",
    );
    let out = dir.path().join("learned.toml");
    let run = train(&gold, &out, &["--base", s(&base)]);
    assert_eq!(run.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("label \"ecologie\" (10 passage(s), first \"g0\") is no theme of the lexicon and is not learned"),
        "{stderr}"
    );
    // Both themes learned, the base has one: no base averages.
    let run = train(
        &gold,
        &out,
        &[
            "--base",
            s(&base),
            "--only-themes",
            "souverainete,ecologie",
            "-q",
        ],
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert!(report["base_micro"].is_null() && report["base_macro"].is_null());
    let souverainete = report["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "souverainete")
        .unwrap();
    assert!(souverainete["base"].is_object());
}

/// Passages that repeat a text can fall in two folds and flatter the
/// cross-validated figures: `train` names them.
#[test]
fn train_names_passages_that_repeat_a_text() {
    let dir = tempfile::tempdir().unwrap();
    let gold = two_themes(dir.path());
    // `two_themes` repeats three texts under thirty ids.
    let out = dir.path().join("learned.toml");
    let run = train(&gold, &out, &[]);
    assert_eq!(run.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(
            "27 passage(s) repeat the text of an earlier one (first \"g3\", the text of \"g0\")"
        ),
        "{stderr}"
    );
    let quiet = train(&gold, &out, &["-q"]);
    assert!(quiet.stderr.is_empty());
}

/// When no entry can be learned for a theme, the message names what could
/// let one through, and only that.
#[test]
fn train_says_why_no_entry_could_be_learned() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..12)
        .map(|k| {
            serde_json::json!({"id": format!("a{k}"), "text": format!("La forêt numéro {k} brûle."), "themes": ["ecologie"]})
                .to_string()
                + "\n"
        })
        .collect();
    let every = write(dir.path(), "every.jsonl", &lines);
    let out = dir.path().join("learned.toml");
    let message = |gold: &Path, extra: &[&str]| -> String {
        let run = train(gold, &out, extra);
        assert_eq!(run.status.code(), Some(2));
        String::from_utf8_lossy(&run.stderr).into_owned()
    };
    // Every passage carries the theme: nothing to contrast it with; the
    // options at their defaults or lower are not named.
    let said = message(&every, &["--folds", "2", "--min-df", "1"]);
    assert!(said.contains("label passages without it too (every passage carries it), or leave it out with --only-themes"), "{said}");
    // Penalties far above the defaults zero every weight: named.
    let said = message(&two_themes(dir.path()), &["--l1", "1000000"]);
    assert!(
        said.contains("label more passages, lower --min-df, lower --l1 or --l2"),
        "{said}"
    );
}

/// `train` takes the seeds a JSON reader keeps exact, as `eval` does.
#[test]
fn train_refuses_a_seed_a_json_reader_would_round() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("learned.toml");
    let run = train(
        &two_themes(dir.path()),
        &out,
        &["--seed", "9007199254740992"],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("from 0 to 9007199254740991"));
    let run = train(
        &two_themes(dir.path()),
        &out,
        &["--seed", "9007199254740991", "-q"],
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// `eval` reads a gold passage as `analyze --passage document` reads a
/// document of that text: typed without accents, its words get the keys of
/// accented endings, and speaker labels are no speech, in both.
#[test]
fn eval_reads_a_passage_as_analyze_reads_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let filler = "Nous parlons du budget de la commune et du travail des agents. ".repeat(20);
    let texts = [
        format!("La biodiversite recule et la pollution progresse. {filler}"),
        format!("LA JOURNALISTE : Bonjour.\nLE MAIRE : Bonjour. {filler}\nLA JOURNALISTE : Merci."),
    ];
    for (k, text) in texts.iter().enumerate() {
        let gold = write(
            dir.path(),
            &format!("gold{k}.jsonl"),
            &(serde_json::json!({"id": "p", "text": text, "themes": ["ecologie"]}).to_string()
                + "\n"),
        );
        let doc = write(dir.path(), &format!("doc{k}.txt"), text);
        let eval: serde_json::Value =
            serde_json::from_slice(&run_ok(&["eval", "--gold", s(&gold)])).unwrap();
        let report: serde_json::Value = serde_json::from_slice(&run_ok(&[
            "analyze",
            s(&doc),
            "--passage",
            "document",
            "--quiet",
        ]))
        .unwrap();
        let passage = &report["documents"][0]["passages"][0];
        let assigned = passage["themes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "ecologie");
        let eco = eval["themes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == "ecologie")
            .unwrap();
        assert_eq!(eco["predicted"] == 1, assigned, "{k}: {passage}");
        if k == 0 {
            // Typed without accents: `biodiversite` is `biodiversité`.
            assert!(assigned, "{passage}");
        }
    }
}

/// A gold label that is no theme of the lexicon is named on stderr, with
/// the theme it is close to when it looks misspelt; not `economie` for
/// `ecologie`, two themes of their own. A label written twice on one line
/// counts one passage.
#[test]
fn eval_names_a_misspelt_label_and_the_theme_it_is_close_to() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(
        dir.path(),
        "typo.jsonl",
        concat!(
            r#"{"id":"a","text":"Nous défendons la souveraineté de la France.","themes":["souverainte","souverainte"]}"#,
            "\n",
            r#"{"id":"b","text":"Le climat et la biodiversité.","themes":["ecologie"]}"#,
            "\n",
        ),
    );
    let out = crate::common::run(&["eval", "--gold", s(&gold)]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "label \"souverainte\" (1 passage(s), first \"a\") is no theme of the lexicon \
             (did you mean souverainete?) and is not scored"
        ),
        "{stderr}"
    );
    let lexicon = write(
        dir.path(),
        "eco.toml",
        "[[theme]]\nid = \"economie\"\nlabel = \"E\"\n[theme.entries]\n\"croissance\" = 3\n",
    );
    let out = crate::common::run(&["eval", "--gold", s(&gold), "--themes", s(&lexicon)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("label \"ecologie\" (1 passage(s), first \"b\") is no theme of the lexicon and is not scored"),
        "{stderr}"
    );
}

/// The text table rounds each figure once, from the counts: an F1 of 4/19
/// (0.210526…) is 0.211, not the JSON's 0.2105 rounded again (0.210).
#[test]
fn eval_text_rounds_each_figure_once() {
    let dir = tempfile::tempdir().unwrap();
    // 17 passages carry the theme; the lexicon finds it in 2 of them:
    // precision 1, recall 2/17, F1 4/19.
    let mut gold = String::new();
    for k in 0..17 {
        let text = match k {
            0 | 1 => "Nous défendons la souveraineté et l'autonomie stratégique de la France.",
            _ => "Il fait beau ce matin sur la ville.",
        };
        gold += &format!("{{\"id\":\"p{k}\",\"text\":\"{text}\",\"themes\":[\"souverainete\"]}}\n");
    }
    let gold = write(dir.path(), "gold.jsonl", &gold);
    let json: serde_json::Value =
        serde_json::from_slice(&run_ok(&["eval", "--gold", s(&gold)])).unwrap();
    assert_eq!(json["micro"]["f1"], 0.2105, "{json}");
    let text =
        String::from_utf8(run_ok(&["eval", "--gold", s(&gold), "--format", "text"])).unwrap();
    for row in ["souverainete ", "micro ", "macro "] {
        let line = text.lines().find(|l| l.starts_with(row)).unwrap();
        assert!(line.ends_with("  1.000   0.118   0.211"), "{line}\n{text}");
    }
}

/// A lexicon that is not valid TOML is named with its line and column, said
/// to be a TOML theme lexicon, with where to read its format, whichever
/// command reads it.
#[test]
fn a_lexicon_with_a_toml_syntax_error_is_named_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.toml", "[theme\nid = \"x\"\n");
    let gold = write(dir.path(), "gold.jsonl", ONE_THEME);
    let out = dir.path().join("learned.toml");
    let (bad, gold, out) = (s(&bad), s(&gold), s(&out));
    for args in [
        vec!["analyze", "corpus/", "--themes", bad],
        vec!["eval", "--gold", gold, "--themes", bad],
        vec!["themes", "--themes", bad],
        vec!["themes", "--check", bad],
        vec!["train", "--gold", gold, "--out", out, "--base", bad],
    ] {
        let run = run(&args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(run.stderr).unwrap();
        let want = format!("parole: {bad}:1:7: TOML syntax error in the theme lexicon: ");
        assert!(
            stderr.starts_with(&want) && stderr.contains("themes/README.md"),
            "{args:?}: {stderr}"
        );
    }
}

/// Every subcommand takes `--quiet`; it silences warnings, never errors.
#[test]
fn every_subcommand_takes_quiet_which_silences_warnings_not_errors() {
    for sub in SUBCOMMANDS {
        let help = String::from_utf8(run_ok(&[sub, "--help"])).unwrap();
        assert!(
            help.contains("-q, --quiet") && help.contains("errors are still written"),
            "{sub}: {help}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let lexicon = write(
        dir.path(),
        "lexicon.toml",
        "[[theme]]\nid = \"x\"\nlabel = \"X\"\n[theme.entries]\n\"securite\" = 3\n",
    );
    let misspelt = ONE_THEME.replace("[\"souverainete\"]", "[\"souverainte\"]");
    let gold = write(
        dir.path(),
        "gold.jsonl",
        &(ONE_THEME.to_string() + &misspelt.replace("\"a\"", "\"c\"").replace("\"b\"", "\"d\"")),
    );
    for args in [
        vec!["themes", "--check", s(&lexicon)],
        vec!["eval", "--gold", s(&gold)],
    ] {
        let loud = run(&args);
        assert_eq!(loud.status.code(), Some(0), "{args:?}");
        assert!(!loud.stderr.is_empty(), "{args:?} warns");
        let quiet = run(&[args.as_slice(), &["--quiet"]].concat());
        assert_eq!(quiet.status.code(), Some(0), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&quiet.stderr),
            "",
            "{args:?} --quiet"
        );
        assert_eq!(quiet.stdout, loud.stdout, "{args:?}");
    }
    // Errors are written whatever --quiet says.
    let error = run(&["eval", "--gold", "no-such-file.jsonl", "--quiet"]);
    assert_eq!(error.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&error.stderr).starts_with("parole: --gold no-such-file.jsonl"));
}

/// `--errors --format text` writes each error on one line: the passage's
/// line breaks show as a space there, and stay as they are in the JSON.
#[test]
fn eval_errors_in_text_keep_each_passage_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "La souveraineté\\nde la France.\\n\\tEt l'autonomie stratégique.";
    let gold = write(
        dir.path(),
        "gold.jsonl",
        &format!("{{\"id\":\"a\",\"text\":\"{text}\",\"themes\":[\"ecologie\"]}}\n"),
    );
    let out = String::from_utf8(run_ok(&[
        "eval",
        "--gold",
        s(&gold),
        "--errors",
        "--format",
        "text",
    ]))
    .unwrap();
    let line = out
        .lines()
        .find(|l| l.starts_with("FN ecologie a "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.ends_with(": La souveraineté de la France. Et l'autonomie stratégique."),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&run_ok(&["eval", "--gold", s(&gold), "--errors"])).unwrap();
    assert_eq!(
        json["errors"][0]["text"],
        "La souveraineté\nde la France.\n\tEt l'autonomie stratégique."
    );
}

/// `--errors --format text` quotes an id that is empty or holds a space, as
/// the JSON does: left bare, the first vanished into the line and the second
/// read as the id's first word and the score's.
#[test]
fn eval_errors_in_text_quote_an_empty_or_spaced_id() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(
        dir.path(),
        "gold.jsonl",
        "{\"id\":\"\",\"text\":\"Il neige.\",\"themes\":[\"souverainete\"]}\n\
         {\"id\":\"q 2\",\"text\":\"Il fait beau.\",\"themes\":[\"ecologie\"]}\n\
         {\"id\":\"q3\",\"text\":\"Il pleut.\",\"themes\":[\"ecologie\"]}\n",
    );
    let out = String::from_utf8(run_ok(&[
        "eval",
        "--gold",
        s(&gold),
        "--errors",
        "--format",
        "text",
    ]))
    .unwrap();
    for start in [
        "FN souverainete \"\" (score 0 ",
        "FN ecologie \"q 2\" (score 0 ",
        "FN ecologie q3 (score 0 ",
    ] {
        assert!(out.lines().any(|l| l.starts_with(start)), "{start}\n{out}");
    }
}

/// A gold file of `found` passages that carry `souverainete` and that the
/// built-in lexicon finds, then `missed` that carry it and it does not.
fn found_and_missed(found: usize, missed: usize) -> String {
    (0..found + missed)
        .map(|k| {
            let text = match k < found {
                true => "Nous défendons la souveraineté et l'autonomie stratégique de la France.",
                false => "Il fait beau ce matin sur la ville.",
            };
            format!("{{\"id\":\"p{k}\",\"text\":\"{text}\",\"themes\":[\"souverainete\"]}}\n")
        })
        .collect()
}

/// A lexicon whose one theme, `souverainete`, matches nothing.
const FINDS_NOTHING: &str =
    "name = \"none\"\nversion = \"1\"\n\n[[theme]]\nid = \"souverainete\"\n\
                             label = \"S\"\nthreshold = 2\n\n[theme.entries]\n\"zzzzqqq\" = 2\n";

/// The row of the text table `table` (the text after its first line that
/// starts with `heading`) that starts with `row`.
fn text_row<'a>(text: &'a str, heading: &str, row: &str) -> &'a str {
    let table = &text[text.find(heading).unwrap_or_else(|| panic!("{text}"))..];
    table
        .lines()
        .find(|l| l.starts_with(row))
        .unwrap_or_else(|| panic!("no row {row:?} after {heading:?}:\n{text}"))
}

/// The bootstrap intervals of the text are rounded once, from the drawn
/// figures: a recall of 4/19 (0.210526…) at the top of the interval is
/// 0.211, not the JSON's 0.2105 rounded again (0.210).
#[test]
fn eval_text_rounds_each_interval_end_once() {
    let dir = tempfile::tempdir().unwrap();
    // One passage of 19 found: a draw's recall is k/19, and the 97.5 % end
    // of 100 draws (seed 2026) is 4/19.
    let gold = write(dir.path(), "gold.jsonl", &found_and_missed(1, 18));
    let args = ["eval", "--gold", s(&gold), "--bootstrap", "100"];
    let json: serde_json::Value = serde_json::from_slice(&run_ok(&args)).unwrap();
    assert_eq!(
        json["bootstrap"]["micro"]["recall"],
        serde_json::json!([0.0, 0.2105]),
        "{json}"
    );
    let text = String::from_utf8(run_ok(&[&args[..], &["--format", "text"]].concat())).unwrap();
    for row in ["souverainete ", "micro ", "macro "] {
        let line = text_row(&text, "bootstrap intervals", row);
        assert!(
            line.contains("  0.000–1.000  0.000–0.211  "),
            "{line}\n{text}"
        );
    }
}

/// The comparison of `--against` in the text is rounded once, from the
/// unrounded figures: the other lexicon's F1 of 4/19 is 0.211 and the
/// difference -0.211, not the JSON's 0.2105 and -0.2105 rounded again
/// (0.210, -0.210); so is the end of an interval of the differences
/// (-14/27, -0.518519…: -0.519, not -0.5185 then -0.518).
#[test]
fn eval_text_rounds_each_figure_of_the_comparison_once() {
    let dir = tempfile::tempdir().unwrap();
    let none = write(dir.path(), "none.toml", FINDS_NOTHING);
    // 17 passages carry the theme; the built-in lexicon finds 2 of them:
    // F1 4/19. The lexicon evaluated finds none: F1 0.
    let gold = write(dir.path(), "gold.jsonl", &found_and_missed(2, 15));
    let args = [
        "eval",
        "--gold",
        s(&gold),
        "--themes",
        s(&none),
        "--against",
        "themes/fr.toml",
    ];
    let json: serde_json::Value = serde_json::from_slice(&run_ok(&args)).unwrap();
    assert_eq!(json["against"]["themes"][0]["f1"], 0.2105, "{json}");
    assert_eq!(json["against"]["macro_f1_difference"], -0.2105, "{json}");
    let text = String::from_utf8(run_ok(&[&args[..], &["--format", "text"]].concat())).unwrap();
    for row in ["souverainete ", "micro ", "macro "] {
        let line = text_row(&text, "Against", row);
        assert!(
            line.starts_with(&format!("{row:14} 0.000    0.211      -0.211")),
            "{line}\n{text}"
        );
    }
    // 3 found of 20: the 2.5 % end of the differences over 100 draws (seed
    // 2026) is -14/27. (The same path: `args` names it.)
    write(dir.path(), "gold.jsonl", &found_and_missed(3, 17));
    let args = [&args[..], &["--bootstrap", "100"]].concat();
    let json: serde_json::Value = serde_json::from_slice(&run_ok(&args)).unwrap();
    assert_eq!(
        json["against"]["macro_f1_difference_interval"],
        serde_json::json!([-0.5185, 0.0]),
        "{json}"
    );
    let text = String::from_utf8(run_ok(&[&args[..], &["--format", "text"]].concat())).unwrap();
    for row in ["souverainete ", "micro ", "macro "] {
        let line = text_row(&text, "Against", row);
        assert!(line.contains("  -0.519–+0.000"), "{line}\n{text}");
    }
}
