//! `--where`: the documents `analyze`, `compare` and `kwic` keep by their
//! metadata, through the real binary: what is kept is analysed exactly as a
//! corpus of those documents alone, what is left out is counted, and a
//! condition that cannot hold is an error that shows the values there are.

use crate::common::{self, run, run_ok, run_ok_with_stdin};

use parole::compare::CompareReport;
use parole::report::Report;

fn analyze(args: &[&str]) -> Report {
    let mut all = vec!["analyze", "-q"];
    all.extend_from_slice(args);
    serde_json::from_slice(&run_ok(&all)).expect("a report with the documented fields")
}

/// Runs `parole ARGS`, which must fail with status 2 and write nothing on
/// stdout; returns stderr.
fn fails(args: &[&str]) -> String {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} wrote output");
    stderr
}

/// The bundled corpus's files whose front matter has `parti: PARTY`.
fn files_of(party: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir("corpus")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .any(|l| l.trim() == format!("parti: {party}"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn kept_documents_are_analysed_as_a_corpus_of_their_own() {
    let subset = analyze(&["corpus/", "--where", "parti=PSP"]);
    let psp = files_of("PSP");
    assert_eq!(psp.len(), 3);
    assert_eq!(subset.corpus.documents, 3);
    assert_eq!(subset.corpus.left_out, 12);
    assert_eq!(subset.corpus.inputs_seen, 15);
    assert_eq!(subset.config.conditions, ["parti=PSP"]);
    for doc in &subset.documents {
        assert_eq!(doc.meta["parti"], "PSP", "{}", doc.id);
    }
    // The same files alone give the same corpus tables.
    let dir = tempfile::tempdir().unwrap();
    for file in &psp {
        std::fs::copy(file, dir.path().join(file.file_name().unwrap())).unwrap();
    }
    let alone = analyze(&[dir.path().to_str().unwrap()]);
    assert_eq!(alone.corpus.left_out, 0);
    assert!(alone.config.conditions.is_empty());
    assert_eq!(subset.corpus.tokens, alone.corpus.tokens);
    assert_eq!(subset.corpus.content_tokens, alone.corpus.content_tokens);
    assert_eq!(subset.terms, alone.terms);
    assert_eq!(subset.ngrams, alone.ngrams);
    assert_eq!(subset.themes, alone.themes);
    // The streamed formats count them too.
    let lines = String::from_utf8(run_ok(&[
        "analyze",
        "corpus/",
        "--where",
        "parti=PSP",
        "--format",
        "jsonl",
        "-q",
    ]))
    .unwrap();
    let last: serde_json::Value = serde_json::from_str(lines.lines().last().unwrap()).unwrap();
    assert_eq!(last["corpus"]["left_out"], 12);
    assert_eq!(lines.lines().count(), 4, "three documents and the corpus");
}

#[test]
fn values_of_a_field_are_alternatives_and_every_field_must_hold() {
    let parties = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["corpus/"];
        all.extend_from_slice(args);
        let report = analyze(&all);
        let mut parties: Vec<String> = report
            .documents
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d.meta["parti"].as_str().unwrap(),
                    d.meta["type"].as_str().unwrap()
                )
            })
            .collect();
        parties.sort();
        parties.dedup();
        parties
    };
    assert_eq!(
        parties(&[
            "--where",
            "parti=PSP",
            "--where",
            "parti=URS",
            "--where",
            "type!=communiqué"
        ]),
        [
            "PSP discours",
            "PSP interview",
            "URS discours",
            "URS question écrite"
        ]
    );
    // Lists: JSONL arrays, whose items are kept, and `A; B` strings.
    let jsonl = [
        r#"{"id": "a", "speakers": ["Bruno Le Maire", "Sonia Mabrouk"], "text": "La souveraineté."}"#,
        r#"{"id": "b", "speakers": "Sonia Mabrouk; Olivier Véran", "text": "La santé."}"#,
        r#"{"id": "c", "speakers": "Olivier Véran", "text": "Le climat."}"#,
        r#"{"id": "d", "text": "Sans orateur."}"#,
    ]
    .join("\n");
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["analyze", "-", "-q"];
        all.extend_from_slice(args);
        let report: Report =
            serde_json::from_slice(&run_ok_with_stdin(&all, jsonl.as_bytes())).unwrap();
        report.documents.iter().map(|d| d.id.clone()).collect()
    };
    assert_eq!(ids(&["--where", "speakers=Sonia Mabrouk"]), ["a", "b"]);
    assert_eq!(ids(&["--where", "speakers!=Olivier Véran"]), ["a", "d"]);
    assert_eq!(ids(&["--where", " speakers = Olivier Véran "]), ["b", "c"]);
}

#[test]
fn bounds_keep_a_period_and_count_the_values_they_cannot_decide() {
    // The bundled corpus's file names begin with the date of their front
    // matter.
    let mut second_half: Vec<String> = std::fs::read_dir("corpus")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.as_str() >= "2024-07" && name.as_str() < "2025")
        .collect();
    second_half.sort();
    assert!(second_half.len() >= 3, "{second_half:?}");
    let report = analyze(&[
        "corpus/",
        "--where",
        "date>=2024-07",
        "--where",
        "date<=2024-12",
    ]);
    let mut kept: Vec<String> = report
        .documents
        .iter()
        .map(|d| d.source.rsplit('/').next().unwrap().to_string())
        .collect();
    kept.sort();
    assert_eq!(kept, second_half);
    assert_eq!(report.corpus.left_out, 15 - second_half.len() as u64);
    assert_eq!(report.config.conditions, ["date>=2024-07", "date<=2024-12"]);

    let jsonl = [
        r#"{"id": "a", "date": "2021-03-04", "n": 15, "text": "La souveraineté."}"#,
        r#"{"id": "b", "date": "2021", "n": "16", "text": "La santé."}"#,
        r#"{"id": "c", "date": "s.d.", "n": 1.6e1, "text": "Le climat."}"#,
        r#"{"id": "d", "date": "2020-12-31", "text": "Sans nombre."}"#,
    ]
    .join("\n");
    let run_ids = |args: &[&str]| -> (Vec<String>, String) {
        let mut all = vec!["analyze", "-"];
        all.extend_from_slice(args);
        let out = run_ok_with_stdin(&all, jsonl.as_bytes());
        let report: Report = serde_json::from_slice(&out).unwrap();
        let stderr = common::run_with_stdin(&all, jsonl.as_bytes()).stderr;
        (
            report.documents.iter().map(|d| d.id.clone()).collect(),
            String::from_utf8(stderr).unwrap(),
        )
    };
    let (ids, stderr) = run_ids(&["--where", "date>=2021-02"]);
    assert_eq!(ids, ["a"]);
    assert_eq!(
        stderr,
        "parole: --where: 2 documents left out because their date cannot be compared with \
         the bound (first: \"2021\"); bounds compare dates (YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD) to the \
         bound's precision, and numbers\n"
    );
    let (ids, stderr) = run_ids(&["--where", "date>=2021", "-q"]);
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(stderr, "");
    let (ids, _) = run_ids(&["--where", "n>15", "--where", "n<=16"]);
    assert_eq!(ids, ["b", "c"]);
    let stderr = fails(&["analyze", "corpus/", "--where", "date>=2030"]);
    assert!(
        stderr.contains("(date: dates from \"2024-01-18\" to \""),
        "{stderr}"
    );
    let stderr = fails(&["analyze", "corpus/", "--where", "date>=janvier"]);
    assert!(
        stderr.contains("the bound \"janvier\" after >= is neither a date nor a number"),
        "{stderr}"
    );
}

#[test]
fn a_condition_that_cannot_hold_is_an_error_showing_what_there_is() {
    let stderr = fails(&["analyze", "corpus/", "--where", "parti=psp"]);
    assert!(
        stderr.contains(
            "--where parti=psp: no document of the 15 read is kept (values of parti: \"MAC\" \
             (4), \"LES\" (3), \"PSP\" (3), \"URS\" (3), \"ADT\" (2))"
        ),
        "{stderr}"
    );
    // A misspelt field, which != would pass silently.
    let stderr = fails(&["analyze", "corpus/", "--where", "partie!=PSP"]);
    assert!(
        stderr.contains("no document has a field \"partie\"") && stderr.contains("\"parti\""),
        "{stderr}"
    );
    let stderr = fails(&["analyze", "corpus/", "--where", "id=x"]);
    assert!(stderr.contains("read as the text or the id"), "{stderr}");
    let stderr = fails(&["kwic", "climat", "corpus/", "--where", "parti"]);
    assert!(stderr.contains("write FIELD=VALUE"), "{stderr}");
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    let stderr = fails(&[
        "analyze",
        "corpus/",
        "--where",
        "parti=XYZ",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert!(stderr.contains("no document"), "{stderr}");
    assert!(!report.exists(), "no report written");
}

/// Several values written in one condition, or `==`: the message says that
/// alternatives are given by repeating `--where`, and that one `=` is the
/// syntax; the advice it gives keeps what was meant.
#[test]
fn a_list_in_one_condition_or_a_double_equals_says_how_to_write_it() {
    let stderr = fails(&["analyze", "corpus/", "--where", "parti=PSP,LES"]);
    assert!(
        stderr.contains(
            "\"PSP,LES\" is one value, not a list: to keep the documents whose parti is any of \
             several values, repeat --where (--where parti=PSP --where parti=LES)"
        ),
        "{stderr}"
    );
    let both = analyze(&["corpus/", "--where", "parti=PSP", "--where", "parti=LES"]);
    assert_eq!(both.corpus.documents, 6, "the advice keeps either value");
    // One value of the list is there: the documents kept, and a note.
    let out = run(&[
        "analyze",
        "corpus/",
        "--where",
        "parti=PSP",
        "--where",
        "parti=LES, URS",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no document has the value \"LES, URS\", which is one value, not a list"),
        "{stderr}"
    );
    let stderr = fails(&["analyze", "corpus/", "--where", "parti=psp"]);
    assert!(
        stderr.contains("repeat --where (--where parti=A --where parti=B)"),
        "{stderr}"
    );
    let stderr = fails(&[
        "compare",
        "corpus/",
        "--by",
        "genre",
        "--where",
        "parti==PSP",
    ]);
    assert!(
        stderr.contains("== is no operator: one = is the syntax (parti=PSP)"),
        "{stderr}"
    );
}

#[test]
fn compare_keeps_the_groups_documents_and_reads_the_reference_whole() {
    let compare = |args: &[&str]| -> CompareReport {
        let mut all = vec!["compare", "-q"];
        all.extend_from_slice(args);
        serde_json::from_slice(&run_ok(&all)).unwrap()
    };
    let report = compare(&[
        "corpus/",
        "--by",
        "type",
        "--where",
        "parti=PSP",
        "--reference",
        "corpus/",
        "--min-count",
        "1",
    ]);
    assert_eq!(report.left_out, 12);
    assert_eq!(report.config.analysis.conditions, ["parti=PSP"]);
    let documents: u64 = report.groups.iter().map(|g| g.documents).sum();
    assert_eq!(documents, 3);
    let whole = analyze(&["corpus/"]);
    for table in &report.keyness {
        assert_eq!(table.reference_tokens, whole.corpus.content_tokens);
    }
    // One group per input: the conditions hold over the inputs together,
    // so an input that keeps nothing is an empty group, named on stderr.
    let dir = tempfile::tempdir().unwrap();
    let folders: Vec<String> = ["MAC", "PSP", "URS"]
        .iter()
        .map(|party| {
            let folder = dir.path().join(party);
            std::fs::create_dir(&folder).unwrap();
            for file in files_of(party) {
                std::fs::copy(&file, folder.join(file.file_name().unwrap())).unwrap();
            }
            folder.to_str().unwrap().to_string()
        })
        .collect();
    let (mac, psp, urs) = (&folders[0], &folders[1], &folders[2]);
    let kept = ["--where", "parti=PSP", "--where", "parti=URS"];
    let out = run(&[&["compare", mac, psp, urs][..], &kept].concat());
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        format!("parole: the group of input {mac} has no document kept by --where\n")
    );
    let report: CompareReport = serde_json::from_slice(&out.stdout).unwrap();
    let groups: Vec<u64> = report.groups.iter().map(|g| g.documents).collect();
    assert_eq!(groups, [0, 3, 3]);
    assert_eq!(report.left_out, 4);
    // One group left: nothing to compare.
    let stderr = fails(&["compare", mac, psp, "--where", "parti=PSP"]);
    assert!(
        stderr.contains("only the group") && stderr.contains("nothing to compare it with"),
        "{stderr}"
    );
    let stderr = fails(&[
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--where",
        "parti=PSP",
    ]);
    assert!(
        stderr.contains("only the group \"PSP\" has documents (12 documents left out by --where)"),
        "{stderr}"
    );
    let dir = tempfile::tempdir().unwrap();
    let two = dir.path().join("two.jsonl");
    std::fs::write(
        &two,
        "{\"text\": \"Le climat.\", \"parti\": \"A\"}\n{\"text\": \"La loi.\", \"parti\": \"B\"}\n",
    )
    .unwrap();
    let stderr = fails(&[
        "compare",
        two.to_str().unwrap(),
        "--by",
        "parti",
        "--where",
        "parti=A",
    ]);
    assert!(
        stderr.contains("only the group \"A\" has documents (1 document left out by --where)"),
        "{stderr}"
    );
}

#[test]
fn kwic_searches_the_kept_documents_only() {
    let search = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["kwic", "souveraineté", "corpus/", "-q"];
        all.extend_from_slice(args);
        serde_json::from_slice(&run_ok(&all)).unwrap()
    };
    let all = search(&[]);
    assert_eq!(all["left_out"], 0);
    assert_eq!(all["where"], serde_json::json!([]));
    let psp = search(&["--where", "parti=PSP"]);
    assert_eq!(psp["where"], serde_json::json!(["parti=PSP"]));
    assert_eq!(psp["documents_searched"], 3);
    assert_eq!(psp["left_out"], 12);
    let lines = psp["lines"].as_array().unwrap();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| l["meta"]["parti"] == "PSP"));
    let in_psp = all["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["meta"]["parti"] == "PSP")
        .count();
    assert_eq!(lines.len(), in_psp);
}

#[test]
fn unusable_units_that_the_conditions_leave_out_are_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "a", "parti": "RN", "text": "La souveraineté."}"#,
        r#"{"id": "b", "parti": "LR", "text": ""}"#,
        r#"{"id": "c", "parti": "RN", "text": "  "}"#,
        r#"{"id": "d", "parti": "LR", "text": "Le climat."}"#,
    ];
    std::fs::write(dir.path().join("a.jsonl"), lines.join("\n") + "\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "---\nparti: LR\n---\n\n").unwrap();
    std::fs::write(
        dir.path().join("c.csv"),
        "parti,text\nLR,\nRN,Le travail.\n",
    )
    .unwrap();
    let folder = dir.path().to_str().unwrap();
    let out = run(&["analyze", folder, "--where", "parti=RN"]);
    // Only the empty line of the kept party is reported, and the status
    // says so.
    assert_eq!(out.status.code(), Some(3));
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    let skipped: Vec<(&str, &str)> = report
        .corpus
        .skipped
        .iter()
        .map(|s| (s.source.as_str(), s.reason.as_str()))
        .collect();
    let source = format!("{folder}/a.jsonl:3");
    assert_eq!(skipped, [(source.as_str(), "empty")]);
    assert_eq!(report.corpus.documents, 2);
    assert_eq!(report.corpus.left_out, 4);
    assert_eq!(report.corpus.inputs_seen, 7);
    // Without conditions, every empty unit is reported.
    let out = run(&["analyze", folder]);
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.corpus.skipped.len(), 4);
    assert_eq!(report.corpus.inputs_seen, 7);
    // When every unit that meets the conditions is empty, they are
    // reported as skipped, as without conditions, not as conditions that
    // no document meets.
    let mix = dir.path().join("mix.jsonl");
    std::fs::write(
        &mix,
        "{\"parti\": \"A\", \"text\": \"\"}\n{\"parti\": \"B\", \"text\": \"La France.\"}\n",
    )
    .unwrap();
    let out = run(&["analyze", mix.to_str().unwrap(), "--where", "parti=A"]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.corpus.documents, 0);
    assert_eq!(report.corpus.skipped.len(), 1);
}
