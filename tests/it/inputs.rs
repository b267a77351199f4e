//! Reading inputs through the real binary: what a user sees when a field
//! name is misspelt, and that nothing partial passes for a complete report.

use std::path::Path;

use crate::common::{run, run_with_stdin, shared};

/// stderr as text.
fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The names in a folder.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Questions, a few without an answer (the field absent or null), as in
/// the Assemblée nationale's open data.
fn questions(lines: usize) -> String {
    (0..lines)
        .map(|k| match k % 3 {
            0 => format!(
                "{{\"uid\": \"Q{k}\", \"question_text\": \"La souveraineté industrielle, question {k} ?\", \"reponse_text\": \"Réponse {k}.\"}}\n"
            ),
            1 => format!("{{\"uid\": \"Q{k}\", \"question_text\": \"La transition écologique, question {k} ?\"}}\n"),
            _ => format!("{{\"uid\": \"Q{k}\", \"question_text\": \"Le climat, question {k} ?\", \"reponse_text\": null}}\n"),
        })
        .collect()
}

#[test]
fn a_misspelt_text_field_is_an_error_naming_the_fields_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("qg.jsonl");
    std::fs::write(&input, questions(30)).unwrap();
    let input = input.to_str().unwrap();
    // Lines without an answer, or with a null one, are read as questions alone.
    let out = run(&[
        "analyze",
        input,
        "--text-field",
        "question_text,reponse_text",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out_dir = tempfile::tempdir().unwrap();
    let report = out_dir.path().join("report.json");
    std::fs::write(&report, "previous report").unwrap();
    let misspelt = [
        "analyze",
        input,
        "--text-field",
        "question_text,reponse_txt",
    ];
    let out = run(&misspelt);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no report on stdout");
    assert_eq!(
        stderr(&out),
        format!(
            "parole: {input}: no line has the text field \"reponse_txt\" (fields of its lines: question_text, reponse_text, uid); check the names given to --text-field (question_text,reponse_txt)\n"
        )
    );
    // With -o, the previous report stays and nothing is left behind, in every format.
    for format in ["json", "jsonl", "csv"] {
        let mut args = misspelt.to_vec();
        args.extend(["--format", format, "-o", report.to_str().unwrap()]);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert_eq!(std::fs::read_to_string(&report).unwrap(), "previous report");
        assert_eq!(names(out_dir.path()), ["report.json"], "{format}");
    }
    // kwic and compare read the inputs the same way.
    for command in [
        vec!["kwic", "climat", input],
        vec!["compare", input, "--by", "uid"],
    ] {
        let mut args = command.clone();
        args.extend(["--text-field", "question_text,reponse_txt"]);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{command:?}");
        assert!(out.stdout.is_empty(), "{command:?}");
        assert!(stderr(&out).contains("\"reponse_txt\""), "{command:?}");
    }
}

#[test]
fn a_misspelt_id_field_is_an_error_not_file_line_ids() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("qg.jsonl");
    std::fs::write(&input, questions(6)).unwrap();
    let input = input.to_str().unwrap();
    let out = run(&[
        "analyze",
        input,
        "--text-field",
        "question_text",
        "--id-field",
        "uuid",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        format!(
            "parole: {input}: no line has the id field \"uuid\" (fields of its lines: question_text, reponse_text, uid); check the name given to --id-field (without it, ids are read from a field \"id\" if there is one, else FILE:LINE)\n"
        )
    );
    // Spelt right, it gives the ids; left out, ids are FILE:LINE and the
    // report records the default.
    for (id_field, first_id) in [
        (Some("uid"), "Q0".to_string()),
        (None, format!("{input}:1")),
    ] {
        let mut args = vec!["analyze", input, "--text-field", "question_text"];
        args.extend(id_field.iter().flat_map(|f| ["--id-field", f]));
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let report: parole::report::Report = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report.documents[0].id, first_id);
        assert_eq!(report.config.id_field, id_field.unwrap_or("id"));
    }
}

#[test]
fn a_csv_table_cut_short_on_stdout_is_said_to_be_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("qg.jsonl");
    // Enough rows that some reach stdout before the end of the file.
    std::fs::write(&input, questions(3000)).unwrap();
    let out = run(&[
        "analyze",
        input.to_str().unwrap(),
        "--text-field",
        "question_text,reponse_txt",
        "--format",
        "csv",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stdout.is_empty(), "rows were written before the end");
    let stderr = stderr(&out);
    assert!(stderr.contains("no line has the text field \"reponse_txt\""));
    assert!(
        stderr.ends_with(
            "parole: the CSV rows already written to stdout are an incomplete table: discard them\n"
        ),
        "{stderr}"
    );
    // A short table stays in the buffer, and is not written at all.
    std::fs::write(&input, questions(3)).unwrap();
    let out = run(&[
        "analyze",
        input.to_str().unwrap(),
        "--text-field",
        "question_text,reponse_txt",
        "--format",
        "csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("incomplete"));
}

#[test]
fn a_csv_without_the_text_column_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("t.csv");
    std::fs::write(&input, "id,texte\n1,La souveraineté.\n").unwrap();
    let out = run(&["analyze", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        format!(
            "parole: {}: no column \"text\" (columns: id, texte); name the text column with --text-field\n",
            input.display()
        )
    );
}

#[test]
fn a_csv_separated_by_pipes_suggests_the_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("t.csv");
    std::fs::write(&input, "id|text\n1|La souveraineté.\n").unwrap();
    let out = run(&["analyze", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "parole: {}: no column \"text\" (columns: id|text); the header row is one column, with \"|\" in it: if \"|\" separates the columns, give --delimiter '|'\n",
            input.display()
        )
    );
    let out = run(&["analyze", input.to_str().unwrap(), "--delimiter", "|"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn parliamentary_questions_with_a_misspelt_answer_field() {
    let Some(shared) = shared() else { return };
    let path = shared.join("corpora/an_qg_l15/qg_l15.jsonl");
    let path = path.to_str().unwrap();
    let out = run(&[
        "analyze",
        path,
        "--text-field",
        "question_text,reponse_txt",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = stderr(&out);
    assert!(
        stderr.starts_with(&format!(
            "parole: {path}: no line has the text field \"reponse_txt\" (fields of its lines: "
        )),
        "{stderr}"
    );
    assert!(stderr.contains(", question_text, "), "{stderr}");
    assert!(stderr.contains(", reponse_text, "), "{stderr}");
}

#[test]
fn a_utf8_file_with_a_stray_byte_is_read_as_utf8_and_windows_1252_as_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    // One stray windows-1252 `é` (E9) in a UTF-8 file.
    let mut utf8 = "La souveraineté industrielle est une priorité.\n\nL'été sera d"
        .as_bytes()
        .to_vec();
    let stray = utf8.len();
    utf8.push(0xe9);
    utf8.extend_from_slice(
        "cisif : la transition écologique exige des règles européennes.\n".as_bytes(),
    );
    std::fs::write(dir.path().join("utf8.txt"), &utf8).unwrap();
    let cp1252 =
        b"La souverainet\xe9 industrielle est une priorit\xe9.\n\nL'\xe9t\xe9 sera d\xe9cisif.\n";
    std::fs::write(dir.path().join("windows.txt"), cp1252).unwrap();
    let out = run(&["analyze", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: parole::report::Report = serde_json::from_slice(&out.stdout).unwrap();
    let [utf8_doc, windows_doc] = &report.documents[..] else {
        panic!("two documents");
    };
    assert_eq!(utf8_doc.encoding, "UTF-8");
    assert_eq!(
        utf8_doc.warnings,
        [format!("not UTF-8 at byte {stray} (line 3): 1 invalid byte replaced with U+FFFD, the rest read as UTF-8")]
    );
    assert_eq!(
        utf8_doc.passages[0].text,
        "La souveraineté industrielle est une priorité."
    );
    assert!(utf8_doc.passages[1]
        .text
        .starts_with("L'été sera d\u{fffd}cisif"));
    // Spans index the text as decoded, each invalid byte now U+FFFD.
    let text = String::from_utf8_lossy(&utf8);
    for passage in &utf8_doc.passages {
        assert_eq!(&text[passage.span[0]..passage.span[1]], passage.text);
        for evidence in &passage.evidence {
            assert_eq!(&text[evidence.span[0]..evidence.span[1]], evidence.text);
        }
    }
    assert!(utf8_doc.passages[1]
        .evidence
        .iter()
        .any(|e| e.text == "transition écologique"));
    assert!(stderr(&out).contains("warning: "));
    assert_eq!(windows_doc.encoding, "windows-1252");
    assert_eq!(windows_doc.warnings, ["not UTF-8: decoded as windows-1252"]);
    assert_eq!(
        windows_doc.passages[0].text,
        "La souveraineté industrielle est une priorité."
    );
}

#[test]
fn plain_text_on_standard_input_says_how_to_analyse_it() {
    let out = run_with_stdin(&["analyze", "-"], "La souveraineté.\n".as_bytes());
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "parole: skipped <stdin>:1: invalid JSON at column 1: expected value; standard input is read as JSONL, one JSON object per line with the text in \"text\": to analyse plain text, write it to a .txt file and give that file's path instead of -\n"
    );
}

#[cfg(unix)]
#[test]
fn a_link_beside_its_file_is_not_counted_twice() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("discours.txt"), "La souveraineté industrielle.\n").unwrap();
    std::os::unix::fs::symlink(root.join("discours.txt"), root.join("copie.txt")).unwrap();
    let out = run(&["analyze", root.to_str().unwrap(), "--follow-links"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let report: parole::report::Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.corpus.documents, 1);
    assert_eq!(report.documents[0].id, "discours.txt");
    let skipped: Vec<(String, String)> = report
        .corpus
        .skipped
        .iter()
        .map(|s| (s.source.clone(), s.reason.clone()))
        .collect();
    let shown = |name: &str| root.join(name).display().to_string();
    assert_eq!(
        skipped,
        [(
            shown("copie.txt"),
            format!(
                "same file as {}, through a symbolic link (read once, there)",
                shown("discours.txt")
            )
        )]
    );
}

/// Front matter after blank lines (and a byte order mark) is metadata, not
/// text, and spans still index the file's bytes.
#[test]
fn front_matter_after_blank_lines_is_metadata_and_spans_index_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        "\n---\nparti: LR\ndate: 2024-02-01\n---\nLa souveraineté industrielle.\n",
        "\u{feff} \r\n\r\n---\r\nparti: LR\r\ndate: 2024-02-01\r\n---\r\nLa souveraineté industrielle.\r\n",
    ];
    for (k, text) in texts.iter().enumerate() {
        let path = dir.path().join(format!("{k}.txt"));
        std::fs::write(&path, text).unwrap();
        let out = run(&["analyze", "-q", path.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let report: parole::report::Report = serde_json::from_slice(&out.stdout).unwrap();
        let doc = &report.documents[0];
        assert_eq!(doc.meta["parti"], "LR", "{text:?}");
        assert_eq!(doc.meta["date"], "2024-02-01");
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
        let passages: Vec<&str> = doc.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(passages, ["La souveraineté industrielle."]);
        let [start, end] = doc.passages[0].span;
        assert_eq!(
            &text.as_bytes()[start..end],
            "La souveraineté industrielle.".as_bytes()
        );
    }
}

/// An Iramuteq corpus: a `.txt` file of texts, each opened by its star
/// line. Each text is a document named by its file and line, its starred
/// variables are metadata for `--where` and `--by`, and neither the star
/// line nor the thematic lines (`-*sante`) are counted as words.
#[test]
fn an_iramuteq_corpus_is_one_document_per_text_with_its_variables() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.txt");
    std::fs::write(
        &corpus,
        "**** *parti_PS *annee_2020\n-*sante\nLa santé publique est une priorité.\n\n\
         **** *parti_LR *annee_2021\n-*dette\nLa dette publique.\n\n\
         **** *parti_PS *annee_2021 *oubli\nLa transition écologique.\n",
    )
    .unwrap();
    // Given by its folder, a file is named relative to it.
    let path = dir.path().to_str().unwrap();
    let out = run(&["analyze", path]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let documents = report["documents"].as_array().unwrap();
    let ids: Vec<&str> = documents
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["corpus.txt:1", "corpus.txt:5", "corpus.txt:9"]);
    assert_eq!(
        documents[1]["meta"],
        serde_json::json!({"annee": "2021", "parti": "LR"})
    );
    assert_eq!(
        documents[2]["warnings"],
        serde_json::json!([
            "star line word \"*oubli\" is no variable: write *variable_modalité (*parti_PS); left out"
        ])
    );
    // Counted: the texts' words, not `parti`, `PS`, `annee`, `sante` the mark.
    assert_eq!(report["corpus"]["content_tokens"], 7);
    let terms: Vec<&str> = report["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["display"].as_str().unwrap())
        .collect();
    for word in ["parti", "PS", "annee", "sante"] {
        assert!(!terms.contains(&word), "{word} in {terms:?}");
    }
    let kept = run(&["analyze", path, "--where", "parti=PS"]);
    let kept: serde_json::Value = serde_json::from_slice(&kept.stdout).unwrap();
    assert_eq!(kept["corpus"]["documents"], 2);
    // A variable named by --id-field that no star line has is misspelt:
    // an error, as for JSONL and CSV, rather than FILE:LINE ids.
    let out = run(&["analyze", path, "--id-field", "partie"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        format!(
            "parole: {}: no star line has the id variable \"partie\" (variables of its star \
             lines: annee, parti); check the name given to --id-field (without it, ids are read \
             from a field \"id\" if there is one, else FILE:LINE)\n",
            corpus.display()
        )
    );
    let compared = run(&[
        "compare", path, "--by", "annee", "--format", "csv", "--table", "groups",
    ]);
    assert_eq!(
        String::from_utf8(compared.stdout).unwrap(),
        "group,documents,passages,tokens,content_tokens\n2020,1,2,6,3\n2021,2,3,6,4\n"
    );
}

/// A folder of text files with a `metadata.csv` beside them, as TXM imports
/// a corpus: each file gets the row its column `id` names, for `--where`
/// and `compare --by`; the table is no corpus of its own.
#[test]
fn a_metadata_table_gives_each_text_file_of_its_folder_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, content: &str| std::fs::write(dir.path().join(name), content).unwrap();
    write("discours-01.txt", "La souveraineté industrielle.");
    write("discours-02.txt", "La transition écologique et le climat.");
    write("discours-03.txt", "La régulation des plateformes.");
    write("metadata.csv", "id,parti,date\ndiscours-01,PS,2020-01-05\ndiscours-02,LES,2021-03-01\ndiscours-03,PS,2021-06-30\n");
    let path = dir.path().to_str().unwrap();
    let out = run(&[
        "analyze",
        path,
        "--where",
        "parti=PS",
        "--format",
        "csv",
        "--table",
        "documents",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["discours-01.txt", "discours-03.txt"], "{table}");
    let out = run(&[
        "compare",
        path,
        "--by",
        "date:year",
        "--format",
        "csv",
        "--table",
        "groups",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "group,documents,passages,tokens,content_tokens\n2020,1,1,3,2\n2021,2,2,10,5\n"
    );
}
