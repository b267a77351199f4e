//! `--format csv --excel`: every CSV table of every command, written for
//! Excel in a French locale (a UTF-8 byte-order mark, `;` between fields,
//! decimal commas), is the table written without `--excel` with only its
//! numbers changed, and text cells that Excel would run as formulas
//! guarded; and `--excel` with another format is refused.

use crate::common::{run, run_ok};

const BOM: &[u8] = b"\xef\xbb\xbf";

/// A small corpus, lexicon and gold file whose ids, group names, labels and
/// texts hold `;`, `,` and `"`, and whose metadata holds numbers.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let docs = [
            serde_json::json!({"id": "a; \"b\", c", "text": "La transition écologique coûte 3,5 milliards. La transition écologique protège le climat.\n\nLe climat change, le climat chauffe : 3,5 degrés.", "parti": "Les \"Verts\", unis", "date": "2024-02-10", "poids": 0.25}),
            serde_json::json!({"id": "d", "text": "Le climat et la transition écologique, 3,5 fois plus. Le climat encore.\n\nLa souveraineté industrielle de la France.", "parti": "Bleus", "date": "2024-05-10", "poids": 2}),
            serde_json::json!({"id": "e", "text": "La souveraineté nationale et la souveraineté industrielle. Le climat.", "parti": "Bleus", "date": "2024-08-10", "poids": 1.5e-7}),
        ];
        let lines: Vec<String> = docs.iter().map(|d| format!("{d}\n")).collect();
        std::fs::write(dir.path().join("docs.jsonl"), lines.concat()).unwrap();
        std::fs::write(
            dir.path().join("lex.toml"),
            r#"name = "essai"
version = "1"
default_threshold = 2.0

[[theme]]
id = "climat"
label = "Climat; \"énergie\", eau"
group = "core"
description = "Le climat; l'énergie, \"l'eau\"."
threshold = 1.5
[theme.entries]
"climat" = 1
"transition écologique" = 2.5

[[theme]]
id = "souverainete"
label = "Souveraineté"
group = "core"
[theme.entries]
"souveraineté" = 1.5
"#,
        )
        .unwrap();
        let gold = [
            (
                "g1",
                "Le climat; la \"transition écologique\", enfin.",
                &["climat"][..],
            ),
            (
                "g2",
                "La souveraineté industrielle de la France.",
                &["souverainete"],
            ),
            ("g3", "Le climat change et le climat chauffe.", &["climat"]),
            (
                "g4",
                "La souveraineté nationale; la souveraineté, \"toujours\".",
                &[],
            ),
            (
                "g5",
                "Le climat et la souveraineté.",
                &["climat", "souverainete"],
            ),
            ("g6", "Un texte sans thème.", &["climat"]),
            ("g7", "La transition écologique du climat.", &["climat"]),
            (
                "g8",
                "La souveraineté de la France et son industrie.",
                &["souverainete"],
            ),
        ];
        let lines: Vec<String> = gold
            .iter()
            .map(|(id, text, themes)| {
                format!(
                    "{}\n",
                    serde_json::json!({"id": id, "text": text, "themes": themes})
                )
            })
            .collect();
        std::fs::write(dir.path().join("gold.jsonl"), lines.concat()).unwrap();
        std::fs::write(
            dir.path().join("rename.csv"),
            "value,group\nBleus,\"Bleus; \"\"B\"\", unis\"\n",
        )
        .unwrap();
        Fixture { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_string()
    }
}

/// One table, and cells that `--excel` must write as given.
struct Case {
    args: Vec<String>,
    /// Through `-o FILE` rather than stdout.
    to_file: bool,
    /// A cell holding a float: its column and the cell as `--excel`
    /// writes it (none for the tables without floats).
    float: Option<(&'static str, &'static str)>,
    /// Text cells (column, text), kept as they are; `;`, `,` or `"` in
    /// them wherever the table has a column of free text.
    texts: Vec<(&'static str, &'static str)>,
}

/// Columns of text, never changed by `--excel` (the others hold numbers,
/// `true` or `false`, or are empty). Not `value`: text in `compare --table
/// values`, a number in `--table series`; a cell that changes must be a
/// float anyway.
const TEXT_COLUMNS: [&str; 23] = [
    "document",
    "source",
    "encoding",
    "meta",
    "meta.date",
    "meta.parti",
    "themes",
    "speaker",
    "text",
    "theme",
    "entry",
    "key",
    "display",
    "label",
    "group",
    "description",
    "id",
    "left",
    "keyword",
    "right",
    "term",
    "period",
    "name",
];

fn cases(f: &Fixture) -> Vec<Case> {
    let docs = f.path("docs.jsonl");
    let lex = f.path("lex.toml");
    let gold = f.path("gold.jsonl");
    let rename = f.path("rename.csv");
    let learned = f.path("learned.toml");
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<String>>();
    let case = |a: Vec<String>, float, texts| Case {
        args: a,
        to_file: false,
        float,
        texts,
    };
    let doc_id = ("document", "a; \"b\", c");
    let group = ("group", "Les \"Verts\", unis");
    let mut cases = Vec::new();
    for (table, float, texts) in [
        (
            "documents",
            Some(("meta.poids", "0,25")),
            vec![doc_id, ("meta.parti", "Les \"Verts\", unis")],
        ),
        ("passages", None, vec![doc_id]),
        ("evidence", Some(("weight", "2,5")), vec![doc_id]),
        ("themes", Some(("token_share", "0,625")), vec![doc_id]),
        // Terms, n-grams and lexicon entries are words: no `;`, `,` or `"`.
        (
            "terms",
            Some(("per_10k", "2307,69")),
            vec![("display", "écologique")],
        ),
        (
            "ngrams",
            Some(("per_10k", "1153,85")),
            vec![("display", "transition écologique")],
        ),
        ("entries", None, vec![("entry", "transition écologique")]),
        (
            "theme-totals",
            Some(("token_share", "0,6923")),
            vec![("label", "Climat; \"énergie\", eau")],
        ),
    ] {
        let a = args(&[
            "analyze", &docs, "--themes", &lex, "--format", "csv", "--table", table,
        ]);
        cases.push(case(a, float, texts));
    }
    // The documents table waits for its metadata columns in a spill file;
    // the per-document tables are streamed: through a file as to stdout.
    for (table, float) in [
        ("documents", Some(("meta.poids", "1,5E-7"))),
        ("passages", None),
    ] {
        let a = args(&[
            "analyze", &docs, "--themes", &lex, "--format", "csv", "--table", table,
        ]);
        cases.push(Case {
            to_file: true,
            ..case(a, float, vec![doc_id])
        });
    }
    let compare = [
        "compare", &docs, "--themes", &lex, "--by", "parti", "-q", "--format", "csv",
    ];
    for (extra, table, float, texts) in [
        (&[][..], "groups", None, vec![group]),
        (
            &["--min-count", "1"],
            "themes",
            Some(("ci_high", "0,7923")),
            vec![group],
        ),
        (
            &["--min-count", "1"],
            "keyness",
            Some(("log_ratio", "2,8074")),
            vec![group],
        ),
        (
            &["--min-count", "1"],
            "ngrams",
            Some(("g2", "2,9394")),
            vec![group],
        ),
        (
            &["--min-count", "1"],
            "specificities",
            Some(("specificity", "0,9586")),
            vec![group],
        ),
        (
            &[],
            "evidence",
            Some(("score", "4,5")),
            vec![("id", "a; \"b\", c")],
        ),
        (&[], "entries", Some(("share", "0,6667")), vec![group]),
        (
            &["--terms", "climat"],
            "terms",
            Some(("per_10k", "2307,69")),
            vec![group],
        ),
        (
            &["--rename", &rename],
            "values",
            None,
            vec![("group", "Bleus; \"B\", unis")],
        ),
        (
            &["--over", "date:quarter", "--terms", "climat"],
            "series",
            Some(("ci_low", "0,0945")),
            vec![group],
        ),
    ] {
        let a = [&compare[..], extra, &["--table", table]].concat();
        cases.push(case(args(&a), float, texts));
    }
    cases.push(case(
        args(&["kwic", "climat", &docs, "--themes", &lex, "--format", "csv"]),
        Some(("weight", "2,5")),
        vec![("id", "a; \"b\", c"), ("meta.parti", "Les \"Verts\", unis")],
    ));
    cases.push(case(
        args(&[
            "kwic", "climat", "--words", &docs, "--themes", &lex, "--format", "csv",
        ]),
        Some(("meta.poids", "1,5E-7")),
        vec![("right", "change, le climat chauffe : 3,5")],
    ));
    cases.push(case(
        args(&[
            "collocates",
            "souveraineté",
            &docs,
            "--min-count",
            "1",
            "--format",
            "csv",
        ]),
        Some(("expected", "0,4348")),
        vec![("display", "industrielle")],
    ));
    let eval = ["eval", "--gold", &gold, "--themes", &lex, "--format", "csv"];
    // The table of scores holds theme ids only, as does train's.
    cases.push(case(
        args(&eval),
        Some(("recall", "0,6")),
        vec![("theme", "climat")],
    ));
    cases.push(case(
        args(&[&eval[..], &["--errors"]].concat()),
        Some(("threshold", "1,5")),
        vec![
            (
                "text",
                "La souveraineté nationale; la souveraineté, \"toujours\".",
            ),
            ("entries", "souveraineté;souveraineté"),
        ],
    ));
    cases.push(case(
        args(&[
            "train", "--gold", &gold, "--base", &lex, "--folds", "2", "--out", &learned,
            "--format", "csv", "-q",
        ]),
        Some(("threshold", "0,75")),
        vec![("theme", "souverainete")],
    ));
    cases.push(case(
        args(&["themes", "--themes", &lex, "--format", "csv"]),
        Some(("threshold", "1,5")),
        vec![
            ("label", "Climat; \"énergie\", eau"),
            ("description", "Le climat; l'énergie, \"l'eau\"."),
        ],
    ));
    cases
}

/// The output of `args` (plus `extra`), from stdout or through `-o FILE`.
fn output(case: &Case, extra: &[&str], file: &str) -> Vec<u8> {
    let mut args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    args.extend(extra);
    if !case.to_file {
        return run_ok(&args);
    }
    args.extend(["-o", file]);
    assert!(run_ok(&args).is_empty());
    std::fs::read(file).unwrap()
}

fn records(bytes: &[u8], delimiter: u8) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(bytes)
        .records()
        .map(Result::unwrap)
        .collect()
}

/// How `--excel` writes a number that the plain CSV writes as `plain`.
fn excel_number(plain: &str) -> String {
    plain.replace('.', ",").replace('e', "E")
}

#[test]
fn every_csv_table_is_written_for_excel_with_only_its_numbers_changed() {
    let f = Fixture::new();
    let file = f.path("out.csv");
    let cases = cases(&f);
    assert_eq!(cases.len(), 27);
    for case in &cases {
        let what = case.args.join(" ");
        let plain = output(case, &[], &file);
        let excel = output(case, &["--excel"], &file);

        // One byte-order mark, at the very start; none without --excel.
        assert!(excel.starts_with(BOM), "{what}");
        let marks = excel.windows(3).filter(|w| *w == BOM).count();
        assert_eq!(marks, 1, "{what}: one byte-order mark");
        assert!(!plain.windows(3).any(|w| w == BOM), "{what}");
        let excel = &excel[BOM.len()..];

        // `;` between fields: the header (plain names) is joined by `;`.
        let plain_rows = records(&plain, b',');
        let excel_rows = records(excel, b';');
        let header: Vec<&str> = plain_rows[0].iter().collect();
        assert!(header.len() > 1, "{what}");
        let first_line = excel.split(|&b| b == b'\n').next().unwrap();
        assert_eq!(first_line, header.join(";").as_bytes(), "{what}");
        assert!(!first_line.contains(&b','), "{what}");
        assert_eq!(excel_rows.len(), plain_rows.len(), "{what}");
        assert!(plain_rows.len() > 1, "{what} has rows");

        // Every cell is the plain one, or a float of it with a decimal
        // comma; text and integers are unchanged.
        let mut changed = 0;
        for (e, p) in excel_rows.iter().zip(&plain_rows) {
            assert_eq!(e.len(), header.len(), "{what}: {e:?}");
            for ((name, e), p) in header.iter().zip(e).zip(p) {
                if e == p {
                    continue;
                }
                assert!(
                    !TEXT_COLUMNS.contains(name),
                    "{what}: {name} {p:?} became {e:?}"
                );
                assert!(
                    p.parse::<f64>().is_ok(),
                    "{what}: {name} {p:?} became {e:?}"
                );
                assert_eq!(e, excel_number(p), "{what}: {name}");
                changed += 1;
            }
        }

        let column = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .unwrap_or_else(|| panic!("{what}: no column {name}"))
        };
        if let Some((name, cell)) = case.float {
            let k = column(name);
            let row = excel_rows
                .iter()
                .position(|r| &r[k] == cell)
                .unwrap_or_else(|| panic!("{what}: no {name} {cell}"));
            assert_eq!(
                &plain_rows[row][k],
                cell.replace(',', ".").replace('E', "e")
            );
            assert!(changed > 0, "{what}");
        } else {
            assert_eq!(changed, 0, "{what}: no float in this table");
        }
        // Text cells, with `;`, `,` or `"`, read back as they were.
        for &(name, text) in &case.texts {
            let k = column(name);
            assert!(
                excel_rows.iter().any(|r| &r[k] == text),
                "{what}: {name} {text:?}"
            );
            assert!(
                plain_rows.iter().any(|r| &r[k] == text),
                "{what}: {name} {text:?}"
            );
        }

        // The plain table is the plain CSV of the same cells, as before.
        let mut w = csv::Writer::from_writer(Vec::new());
        for (e, p) in excel_rows.iter().zip(&plain_rows) {
            let cells: Vec<String> = e
                .iter()
                .zip(p)
                .map(|(e, p)| match e == p {
                    true => e.to_string(),
                    false => e.replace(',', ".").replace('E', "e"),
                })
                .collect();
            w.write_record(&cells).unwrap();
        }
        assert_eq!(
            String::from_utf8(w.into_inner().unwrap()).unwrap(),
            String::from_utf8(plain.clone()).unwrap(),
            "{what}"
        );
    }
}

/// Tables without `--excel` are written as they were before it existed:
/// commas, decimal points, no byte-order mark.
#[test]
fn tables_without_excel_are_unchanged() {
    let f = Fixture::new();
    let lex = f.path("lex.toml");
    let themes = run_ok(&["themes", "--themes", &lex, "--format", "csv"]);
    assert_eq!(
        String::from_utf8(themes).unwrap(),
        "id,label,group,threshold,entries,exclusions,description\n\
         climat,\"Climat; \"\"énergie\"\", eau\",core,1.5,2,0,\"Le climat; l'énergie, \"\"l'eau\"\".\"\n\
         souverainete,Souveraineté,core,2,1,0,\n"
    );
    let docs = f.path("docs.jsonl");
    let documents = run_ok(&[
        "analyze",
        &docs,
        "--themes",
        &lex,
        "--format",
        "csv",
        "--table",
        "documents",
    ]);
    let documents = String::from_utf8(documents).unwrap();
    assert!(documents.starts_with(
        "document,source,encoding,tokens,content_tokens,types,passages,meta,meta.date,meta.parti,meta.poids\n\"a; \"\"b\"\", c\","
    ));
    assert!(
        documents.ends_with(",2024-08-10,Bleus,1.5e-7\n"),
        "{documents}"
    );
}

/// A text cell that Excel would run as a formula (an id `=1+1`, a
/// metadata value `-Verts`, a passage starting `@Marie`, a link formula in
/// a scraped field) gets a leading `'` with `--excel`, and only then:
/// numbers, negative ones included, stay numbers, and the plain table
/// keeps every cell as it is.
#[test]
fn excel_cells_that_would_be_formulas_get_a_leading_quote() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("d.jsonl");
    let doc = serde_json::json!({
        "id": "=1+1",
        "text": "- Et le climat ? Le climat change.\n\n@Marie : +3 degrés pour le climat.",
        "parti": "-Verts",
        "note": "=HYPERLINK(\"http://x\")",
        "poids": -0.5,
    });
    std::fs::write(&docs, format!("{doc}\n")).unwrap();
    let docs = docs.to_str().unwrap();
    let table = |args: &[&str], excel: bool| {
        let mut args = args.to_vec();
        args.extend(["--format", "csv"]);
        if excel {
            args.push("--excel");
        }
        let out = run_ok(&args);
        let out = out.strip_prefix(BOM).unwrap_or(&out).to_vec();
        let rows = records(&out, if excel { b';' } else { b',' });
        let header: Vec<String> = rows[0].iter().map(str::to_string).collect();
        (rows, header)
    };
    let cell = |rows: &[csv::StringRecord], header: &[String], row: usize, name: &str| {
        let k = header.iter().position(|h| h == name).unwrap();
        rows[row][k].to_string()
    };

    let args = ["analyze", docs, "--table", "documents"];
    let (excel, header) = table(&args, true);
    assert_eq!(cell(&excel, &header, 1, "document"), "'=1+1");
    assert_eq!(cell(&excel, &header, 1, "meta.parti"), "'-Verts");
    assert_eq!(
        cell(&excel, &header, 1, "meta.note"),
        "'=HYPERLINK(\"http://x\")"
    );
    assert_eq!(cell(&excel, &header, 1, "meta.poids"), "-0,5");
    let (plain, header) = table(&args, false);
    assert_eq!(cell(&plain, &header, 1, "document"), "=1+1");
    assert_eq!(cell(&plain, &header, 1, "meta.parti"), "-Verts");
    assert_eq!(cell(&plain, &header, 1, "meta.poids"), "-0.5");

    let args = ["analyze", docs, "--table", "passages"];
    let (excel, header) = table(&args, true);
    assert_eq!(
        cell(&excel, &header, 2, "text"),
        "'@Marie : +3 degrés pour le climat."
    );
    let (plain, header) = table(&args, false);
    assert_eq!(
        cell(&plain, &header, 2, "text"),
        "@Marie : +3 degrés pour le climat."
    );

    let (excel, header) = table(&["kwic", "climat", docs], true);
    let k = header.iter().position(|h| h == "id").unwrap();
    assert!(excel[1..].iter().all(|r| &r[k] == "'=1+1"));
}

/// A text cell Excel would turn into a number or a date, losing what it
/// says, is written as a formula that shows the text: a département with
/// its leading zero, a long numeric id, a fraction; a date, a number, and
/// text are written as they are. Without `--excel`, every cell as it is.
#[test]
fn excel_cells_it_would_alter_are_kept_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("d.jsonl");
    let doc = serde_json::json!({
        "id": "000123456789012",
        "text": "Le climat change.",
        "departement": "01",
        "article": "3-4",
        "date": "2024-01-18",
        "numero": 42,
        "population": 1234567890123_u64,
        "telephone": "+33612345678",
    });
    std::fs::write(&docs, format!("{doc}\n")).unwrap();
    let docs = docs.to_str().unwrap();
    for excel in [true, false] {
        let mut args = vec!["analyze", docs, "--table", "documents", "--format", "csv"];
        if excel {
            args.push("--excel");
        }
        let out = run_ok(&args);
        let text = String::from_utf8(out).unwrap();
        let row = text.lines().nth(1).unwrap();
        let (sep, cells) = match excel {
            true => (
                ';',
                [
                    r#""=""000123456789012""""#,
                    r#""=""01""""#,
                    r#""=""3-4""""#,
                    r#""=""+33612345678""""#,
                ],
            ),
            false => (',', ["000123456789012", "01", "3-4", "+33612345678"]),
        };
        for cell in cells {
            assert!(row.split(sep).any(|c| c == cell), "{cell} in {row}");
        }
        assert!(row.split(sep).any(|c| c == "2024-01-18"), "{row}");
        assert!(row.split(sep).any(|c| c == "42"), "{row}");
        // A number of fifteen digits or fewer stays a number: Excel keeps it.
        assert!(row.split(sep).any(|c| c == "1234567890123"), "{row}");
    }
}

/// `--excel` changes how CSV is written, so it goes with `--format csv`
/// only, for every command that has it.
#[test]
fn excel_without_csv_is_a_usage_error() {
    let f = Fixture::new();
    let docs = f.path("docs.jsonl");
    let gold = f.path("gold.jsonl");
    let learned = f.path("learned.toml");
    for args in [
        vec!["analyze", &docs, "--excel"],
        vec!["analyze", &docs, "--format", "text", "--excel"],
        vec!["compare", &docs, "--by", "parti", "--excel"],
        vec!["kwic", "climat", &docs, "--format", "text", "--excel"],
        vec!["collocates", "climat", &docs, "--excel"],
        vec!["eval", "--gold", &gold, "--excel"],
        vec!["train", "--gold", &gold, "--out", &learned, "--excel"],
        vec!["themes", "--excel"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("parole: --excel writes CSV for Excel and goes with --format csv: add --format csv, or drop --excel"),
            "{args:?}: {stderr}"
        );
    }
    assert!(!std::path::Path::new(&learned).exists());
}

/// Each command that writes CSV documents `--excel` in its help, with an
/// example.
#[test]
fn help_shows_excel_with_an_example() {
    for command in [
        "analyze",
        "compare",
        "kwic",
        "collocates",
        "eval",
        "train",
        "themes",
    ] {
        let help = String::from_utf8(run_ok(&[command, "--help"])).unwrap();
        assert!(help.contains("--excel\n"), "{command}");
        assert!(help.contains("Excel in a French locale"), "{command}");
        let example = help
            .lines()
            .find(|l| {
                l.trim_start().starts_with(&format!("parole {command} ")) && l.contains("--excel")
            })
            .unwrap_or_else(|| panic!("{command}: no example with --excel"));
        assert!(example.contains("--format csv"), "{example}");
    }
}

/// The README's example of `--excel` is what the current code writes.
#[test]
fn readme_example_is_the_real_output() {
    let args = [
        "analyze",
        "corpus/",
        "--format",
        "csv",
        "--table",
        "theme-totals",
        "--excel",
    ];
    let out = run_ok(&args);
    let table = std::str::from_utf8(out.strip_prefix(BOM).expect("a byte-order mark")).unwrap();
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    let command = format!("$ parole {}\n", args.join(" "));
    let start = readme.find(&command).expect("the README shows the command") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    assert_eq!(
        shown, table,
        "README.md shows the output of the current code"
    );
}
