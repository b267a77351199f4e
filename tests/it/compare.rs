//! Integration tests of `parole compare`: the real binary on the bundled
//! corpus and, when `../shared` is present, on real corpora. Reports are read
//! into the report types, which reject unknown fields.

use crate::common::{self, root, run, run_ok, shared};

use parole::compare::CompareReport;
use parole::report::Report;

fn compare(args: &[&str]) -> CompareReport {
    let mut all = vec!["compare"];
    all.extend_from_slice(args);
    let bytes = run_ok(&all);
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        value.as_object().unwrap().keys().next().map(String::as_str),
        Some("schema_version")
    );
    let report: CompareReport =
        serde_json::from_value(value).expect("the comparison has exactly the documented fields");
    assert_eq!(report.schema_version, "1.12.0");
    report
}

#[test]
fn parties_of_the_bundled_corpus() {
    let report = compare(&["corpus/", "--by", "parti", "--min-count", "2"]);
    let names: Vec<&str> = report.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["ADT", "LES", "MAC", "PSP", "URS"]);
    let analysis: Report = serde_json::from_slice(&run_ok(&["analyze", "corpus/"])).unwrap();
    let passages: u64 = report.groups.iter().map(|g| g.passages).sum();
    assert_eq!(passages, analysis.corpus.passages);
    let themes = analysis.themes.len();
    assert_eq!(report.theme_shares.len(), names.len() * themes);
    // Theme counts per group add up to the corpus totals of analyze.
    for (t, theme) in analysis.themes.iter().enumerate() {
        let sum: u64 = report
            .theme_shares
            .iter()
            .skip(t)
            .step_by(themes)
            .map(|s| s.passages)
            .sum();
        assert_eq!(sum, theme.passages, "{}", theme.id);
    }
    let share = |group: &str, theme: &str| {
        report
            .theme_shares
            .iter()
            .find(|s| s.group == group && s.theme == theme)
            .unwrap()
    };
    // The sovereignty party talks about sovereignty more than the rest.
    let psp = share("PSP", "souverainete");
    assert!(psp.share > psp.reference_share && psp.z > 0.0, "{psp:?}");
    assert!(psp.ci_low <= psp.share && psp.share <= psp.ci_high);
    let les = share("LES", "ecologie");
    assert!(les.share > les.reference_share, "{les:?}");
    // Keyness: the top over-used terms differ between parties.
    let top = |group: &str| -> Vec<String> {
        let t = report.keyness.iter().find(|k| k.group == group).unwrap();
        t.rows
            .iter()
            .filter(|r| r.g2 > 0.0)
            .take(5)
            .map(|r| r.key.clone())
            .collect()
    };
    assert_ne!(top("PSP"), top("LES"));
    assert!(top("MAC").contains(&"ia".to_string()), "{:?}", top("MAC"));
    assert!(
        top("LES").contains(&"climat".to_string()),
        "{:?}",
        top("LES")
    );
    for t in &report.keyness {
        for r in &t.rows {
            assert!(r.p_adjusted >= r.p_value && r.p_adjusted <= 1.0);
            assert_eq!(r.g2 > 0.0, r.observed as f64 > r.expected, "{r:?}");
        }
    }
    // Specificities are finite and signed like the keyness.
    for t in &report.specificities {
        assert!(t.rows.iter().all(|r| r.specificity.is_finite()));
    }
    // Evidence: up to three passages per group and core theme, best first.
    for e in &report.evidence {
        assert!(e.passages.len() <= 3);
        assert!(e.passages.windows(2).all(|w| w[0].score >= w[1].score));
        for p in &e.passages {
            assert_eq!(p.source, format!("corpus/{}", p.id));
            assert_eq!(p.encoding, "UTF-8");
            let text = std::fs::read_to_string(root().join(&p.source)).unwrap();
            assert_eq!(&text[p.span[0]..p.span[1]], p.text);
            // Every passage of the bundled interviews is in a speaker's turn.
            assert_eq!(p.speaker.is_some(), p.id.contains("interview"), "{p:?}");
        }
    }
    assert!(report
        .evidence
        .iter()
        .flat_map(|e| &e.passages)
        .any(|p| p.speaker.is_some()));
    assert!(report.time_series.is_none());
}

/// The entries that carried each core theme, per party, add up to those of
/// `parole analyze`; the rest holds the other parties' matches; the CSV
/// table holds the JSON rows.
#[test]
fn a_key_shows_the_same_spelling_alike_in_every_group() {
    // Group A writes the capital without its accent; the whole corpus shows
    // the accented form, and so must every group's rows.
    // A key that merges two words (`Vienne`, `viens`) shows each group's.
    let input = concat!(
        r#"{"id":"a","parti":"A","text":"Les Etats-Unis, les Etats-Unis et la Chine à Vienne."}"#,
        "\n",
        r#"{"id":"b","parti":"B","text":"Les États-Unis et la Chine : je viens, je viens."}"#,
        "\n",
    );
    let args = ["compare", "-", "--by", "parti", "--min-count", "1"];
    let report: CompareReport =
        serde_json::from_slice(&common::run_ok_with_stdin(&args, input.as_bytes())).unwrap();
    let shown = |rows: Vec<(&str, &str)>| -> Vec<String> {
        let mut forms: Vec<String> = rows
            .into_iter()
            .filter(|(key, _)| *key == "etat-unis")
            .map(|(_, display)| display.to_string())
            .collect();
        forms.dedup();
        forms
    };
    let keyness = report
        .keyness
        .iter()
        .flat_map(|t| t.rows.iter().map(|r| (r.key.as_str(), r.display.as_str())))
        .collect();
    assert_eq!(shown(keyness), ["États-Unis"]);
    let specificities = report
        .specificities
        .iter()
        .flat_map(|t| t.rows.iter().map(|r| (r.key.as_str(), r.display.as_str())))
        .collect();
    assert_eq!(shown(specificities), ["États-Unis"]);
    let vien: Vec<(&str, &str)> = report
        .keyness
        .iter()
        .flat_map(|t| {
            t.rows
                .iter()
                .filter(|r| r.key == "vien")
                .map(|r| (t.group.as_str(), r.display.as_str()))
        })
        .collect();
    assert_eq!(vien, [("A", "Vienne"), ("B", "viens")]);
}

#[test]
fn a_lexicon_without_core_themes_has_evidence_for_every_theme() {
    // A user's lexicon, or one `parole train` writes, may name no group.
    let dir = tempfile::tempdir().unwrap();
    let lexicon = dir.path().join("own.toml");
    std::fs::write(
        &lexicon,
        "name = \"own\"\n[[theme]]\nid = \"climat\"\nlabel = \"Climat\"\nthreshold = 1\n\
         [theme.entries]\n\"climat\" = 1\n\"biodiversité\" = 1\n",
    )
    .unwrap();
    let report = compare(&[
        "corpus/",
        "--by",
        "parti",
        "--themes",
        lexicon.to_str().unwrap(),
    ]);
    assert_eq!(report.evidence.len(), report.groups.len());
    assert!(report.evidence.iter().any(|e| !e.passages.is_empty()));
    assert_eq!(report.theme_entries.len(), report.groups.len());
    assert!(report.theme_entries.iter().any(|e| !e.rows.is_empty()));
}

#[test]
fn theme_entries_per_party_add_up_to_analyze() {
    let report = compare(&["corpus/", "--by", "parti", "--top", "0"]);
    let analysis: Report =
        serde_json::from_slice(&run_ok(&["analyze", "corpus/", "--top", "0"])).unwrap();
    let core: Vec<_> = analysis
        .themes
        .iter()
        .filter(|t| t.group == "core")
        .collect();
    assert_eq!(report.theme_entries.len(), report.groups.len() * core.len());
    for theme in &core {
        let tables: Vec<_> = report
            .theme_entries
            .iter()
            .filter(|e| e.theme == theme.id)
            .collect();
        let total: u64 = theme.entries.iter().map(|e| e.matches).sum();
        for table in &tables {
            assert_eq!(table.group_matches + table.reference_matches, total);
            assert_eq!(
                table.rows.iter().map(|r| r.matches).sum::<u64>(),
                table.group_matches
            );
            assert!(table.rows.windows(2).all(|w| w[0].matches >= w[1].matches));
        }
        for e in &theme.entries {
            let rows: Vec<_> = tables
                .iter()
                .filter_map(|t| t.rows.iter().find(|r| r.entry == e.entry))
                .collect();
            assert_eq!(rows.iter().map(|r| r.matches).sum::<u64>(), e.matches);
            assert_eq!(rows.iter().map(|r| r.passages).sum::<u64>(), e.passages);
            for r in rows {
                assert_eq!(r.matches + r.reference_matches, e.matches, "{}", e.entry);
            }
        }
    }
    // The sovereignty party's own words for it.
    let psp = report
        .theme_entries
        .iter()
        .find(|e| e.group == "PSP" && e.theme == "souverainete")
        .unwrap();
    assert!(
        psp.rows.iter().any(|r| r.entry == "dissuasion nucléaire"),
        "{psp:?}"
    );
    let rows = run_ok(&[
        "compare", "corpus/", "--by", "parti", "--top", "0", "--format", "csv", "--table",
        "entries",
    ]);
    let mut reader = csv::Reader::from_reader(rows.as_slice());
    let csv_rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let json_rows: Vec<_> = report
        .theme_entries
        .iter()
        .flat_map(|t| t.rows.iter().map(move |r| (t, r)))
        .collect();
    assert_eq!(csv_rows.len(), json_rows.len());
    for (row, (t, r)) in csv_rows.iter().zip(json_rows) {
        assert_eq!(
            [&row[0], &row[1], &row[2]],
            [&*t.group, &*t.theme, &*r.entry]
        );
        assert_eq!(row[3].parse::<u64>().unwrap(), r.matches);
        assert_eq!(row[5].parse::<f64>().unwrap(), r.share);
        assert_eq!(row[6].parse::<u64>().unwrap(), r.reference_matches);
        assert_eq!(row[8].parse::<u64>().unwrap(), t.group_matches);
        assert_eq!(row[9].parse::<u64>().unwrap(), t.reference_matches);
    }
    // --top bounds each table.
    let report = compare(&["corpus/", "--by", "parti", "--top", "1"]);
    assert!(report.theme_entries.iter().all(|t| t.rows.len() <= 1));
}

#[test]
fn months_are_in_time_order_with_empty_ones() {
    let report = compare(&[
        "corpus/",
        "--by",
        "date:month",
        "--terms",
        "souverain*,transition écologique,Etat",
    ]);
    let series = report
        .time_series
        .as_ref()
        .expect("a time series for date groups");
    assert_eq!(series.periods.first().map(String::as_str), Some("2024-01"));
    assert_eq!(series.periods.last().map(String::as_str), Some("2025-09"));
    assert_eq!(
        series.periods.len(),
        21,
        "every month from 2024-01 to 2025-09"
    );
    let february = series.periods.iter().position(|p| p == "2024-02").unwrap();
    assert_eq!(report.groups[february].documents, 0);
    assert!(series
        .themes
        .iter()
        .all(|t| t.passages[february] == 0 && t.shares[february] == 0.0));
    assert_eq!(series.terms.len(), 3);
    let count = |q: usize| series.terms[q].counts.iter().sum::<u64>();
    assert_eq!(count(0), 5, "souverain, souveraineté…");
    // Etat as a lexicon entry: État, Etat, ETAT, états.
    let analysis: Report =
        serde_json::from_slice(&run_ok(&["analyze", "corpus/", "--top", "100000"])).unwrap();
    let etat = analysis.terms.iter().find(|t| t.key == "etat").unwrap();
    assert_eq!(count(2), etat.count);
}

/// `--terms` counts are reported per group for any grouping, not only in
/// the time series of a date grouping, and they add up to the corpus count.
#[test]
fn term_counts_per_party() {
    let terms = "souverain*,transition écologique,Etat";
    let report = compare(&["corpus/", "--by", "parti", "--terms", terms]);
    assert!(report.time_series.is_none());
    let by_month = compare(&["corpus/", "--by", "date:month", "--terms", terms]);
    let series = by_month.time_series.unwrap();
    for (q, query) in terms.split(',').enumerate() {
        let groups: Vec<u64> = report.groups.iter().map(|g| g.terms[q].count).collect();
        assert!(report.groups.iter().all(|g| g.terms[q].term == query));
        assert_eq!(
            groups.iter().sum::<u64>(),
            series.terms[q].counts.iter().sum::<u64>(),
            "{query}"
        );
    }
    let psp = report.groups.iter().find(|g| g.name == "PSP").unwrap();
    assert!(
        psp.terms[0].count > 0,
        "the sovereignty party says souverain*"
    );
    let rate = psp.terms[0].count as f64 * 10_000.0 / psp.content_tokens as f64;
    assert!((psp.terms[0].per_10k - rate).abs() < 0.01);
    let csv = String::from_utf8(run_ok(&[
        "compare", "corpus/", "--by", "parti", "--terms", terms, "--format", "csv", "--table",
        "terms",
    ]))
    .unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("group,term,count,per_10k"));
    assert_eq!(lines.count(), report.groups.len() * 3);
    // Without --terms, every group has an empty list.
    let plain = compare(&["corpus/", "--by", "parti"]);
    assert!(plain.groups.iter().all(|g| g.terms.is_empty()));
}

/// The items of `--terms` are trimmed, as `--only-themes` ids are; a term
/// given twice, or two spellings of one search, is refused by name.
#[test]
fn listed_terms_are_trimmed_and_given_once() {
    let spaced = compare(&[
        "corpus/",
        "--by",
        "parti",
        "--terms",
        "souveraineté, climat",
    ]);
    let names: Vec<&str> = spaced.groups[0]
        .terms
        .iter()
        .map(|t| t.term.as_str())
        .collect();
    assert_eq!(names, ["souveraineté", "climat"]);
    assert_eq!(spaced.config.terms, ["souveraineté", "climat"]);
    let trimmed = compare(&[
        "corpus/",
        "--by",
        "parti",
        "--only-themes",
        " ecologie , souverainete",
    ]);
    assert_eq!(
        trimmed.config.analysis.lexicon.themes,
        ["souverainete", "ecologie"]
    );
    for (terms, named) in [
        (
            "souveraineté,Souveraineté",
            "\"souveraineté\" and \"Souveraineté\"",
        ),
        ("climat, souverain*,climat", "\"climat\" is given twice"),
    ] {
        let stderr = compare_fails(&["corpus/", "--by", "parti", "--terms", terms]);
        assert!(stderr.contains(named), "{terms}: {stderr}");
        assert!(stderr.contains("give each term once"), "{stderr}");
    }
    let out = run(&[
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--terms",
        "climat,,école",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("an empty item"), "{stderr}");
}

#[test]
fn two_inputs_are_two_groups_and_csv_tables_are_tidy() {
    let a = "corpus/2024-01-18_psp_discours_voeux-souverainete.txt";
    let b = "corpus/2025-05-06_les_discours_eau-biodiversite.txt";
    let report = compare(&[a, b, "--min-count", "1"]);
    let names: Vec<&str> = report.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, [a, b]);
    for table in [
        "groups",
        "themes",
        "keyness",
        "ngrams",
        "specificities",
        "evidence",
    ] {
        let csv = String::from_utf8(run_ok(&[
            "compare",
            a,
            b,
            "--format",
            "csv",
            "--table",
            table,
            "--min-count",
            "1",
        ]))
        .unwrap();
        let mut lines = csv.lines();
        let header = lines.next().unwrap();
        let columns = header.split(',').count();
        assert!(columns >= 5, "{table}: {header}");
        assert!(lines.next().is_some(), "{table} has rows");
    }
    let themes = String::from_utf8(run_ok(&[
        "compare", a, b, "--format", "csv", "--table", "themes",
    ]))
    .unwrap();
    assert!(themes.starts_with("group,theme,passages,group_passages,share,ci_low,ci_high,"));
}

#[test]
fn reference_corpus_and_thread_count() {
    let one = run_ok(&["compare", "corpus/", "--by", "parti", "--threads", "1"]);
    let two = run_ok(&["compare", "corpus/", "--by", "parti", "--threads", "2"]);
    assert!(one == two, "--threads 1 and 2 differ");
    let report = compare(&[
        "corpus/2025-02-11_mac_communique_sommet-ia.txt",
        "--reference",
        "corpus/",
        "--min-count",
        "1",
    ]);
    assert_eq!(report.groups.len(), 1);
    assert_eq!(report.config.reference, ["corpus/"]);
    let k = &report.keyness[0];
    assert!(k.reference_tokens > k.group_tokens);
    // Against a reference, an entry's reference matches are all of its
    // matches there, the group's own included (the reference holds it).
    let analysis: Report =
        serde_json::from_slice(&run_ok(&["analyze", "corpus/", "--top", "0"])).unwrap();
    for table in &report.theme_entries {
        let theme = analysis
            .themes
            .iter()
            .find(|t| t.id == table.theme)
            .unwrap();
        let total: u64 = theme.entries.iter().map(|e| e.matches).sum();
        assert_eq!(table.reference_matches, total, "{}", table.theme);
        for r in &table.rows {
            let there = theme.entries.iter().find(|e| e.entry == r.entry).unwrap();
            assert_eq!(r.reference_matches, there.matches);
        }
    }
    assert!(report.theme_entries.iter().any(|t| !t.rows.is_empty()));
}

#[test]
fn presidential_debates_by_speaker() {
    let Some(shared) = shared() else { return };
    let path = shared.join("corpora/debats_presidentiels/debats_2nd_tour_1981-2022.jsonl");
    let report = compare(&[
        path.to_str().unwrap(),
        "--by",
        "speaker_ffill",
        "--top",
        "0",
        "--quiet",
        "--allow-skipped",
    ]);
    assert!(report.groups.len() >= 10, "{}", report.groups.len());
    // Speakers with a few hundred tokens against millions: the log ratio of
    // a term they never say still points the way G² does.
    for t in report.keyness.iter().chain(&report.ngram_keyness) {
        for r in &t.rows {
            assert!(r.log_ratio * r.g2 >= 0.0, "{}: {r:?}", t.group);
        }
    }
    let key_terms = |needle: &str| -> Vec<String> {
        let t = report
            .keyness
            .iter()
            .find(|k| k.group.to_uppercase().contains(needle))
            .unwrap_or_else(|| panic!("no group like {needle}"));
        t.rows
            .iter()
            .filter(|r| r.g2 > 0.0)
            .take(10)
            .map(|r| r.key.clone())
            .collect()
    };
    let macron = key_terms("MACRON");
    let mitterrand = key_terms("MITTERRAND");
    assert_ne!(macron, mitterrand);
    assert!(!macron.is_empty());
}

#[test]
fn parliamentary_questions_by_year_add_up_to_analyze() {
    let Some(shared) = shared() else { return };
    let path = shared.join("corpora/an_qg_l15/qg_l15.jsonl");
    let path = path.to_str().unwrap();
    // A few questions have no question_text: both commands skip and list
    // them, which is allowed here.
    let args = [
        "--text-field",
        "question_text",
        "--id-field",
        "uid",
        "--quiet",
        "--allow-skipped",
    ];
    let mut compare_args = vec![path, "--by", "date:year"];
    compare_args.extend_from_slice(&args);
    let report = compare(&compare_args);
    let years: Vec<&str> = report.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(years, ["2017", "2018", "2019", "2020", "2021", "2022"]);
    let mut analyze_args = vec!["analyze", path, "--top", "1"];
    analyze_args.extend_from_slice(&args);
    let analysis: Report = serde_json::from_slice(&run_ok(&analyze_args)).unwrap();
    let series = report.time_series.as_ref().unwrap();
    for (theme, totals) in series.themes.iter().zip(&analysis.themes) {
        assert_eq!(theme.theme, totals.id);
        assert_eq!(
            theme.passages.iter().sum::<u64>(),
            totals.passages,
            "{}",
            theme.theme
        );
    }
    let documents: u64 = report.groups.iter().map(|g| g.documents).sum();
    assert_eq!(documents, analysis.corpus.documents);
}

#[test]
fn refuses_to_write_over_the_reference_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference");
    std::fs::create_dir(&reference).unwrap();
    std::fs::write(reference.join("a.txt"), "Le climat change.\n").unwrap();
    let target = reference.join("comparison.jsonl");
    let out = run(&[
        "compare",
        "corpus/2024-01-18_psp_discours_voeux-souverainete.txt",
        "--reference",
        reference.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write"));
    assert!(!target.exists());
}

/// The bundled documents as JSONL, the first `split` dated `first`, the
/// others `second`.
fn dated_corpus(path: &std::path::Path, split: usize, first: &str, second: &str) {
    let mut names: Vec<_> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    names.sort();
    let lines: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let date = if i < split { first } else { second };
            let text = std::fs::read_to_string(p).unwrap();
            serde_json::json!({"id": i, "date": date, "text": text}).to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn an_empty_period_leaves_the_adjusted_p_values_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let adjacent = dir.path().join("adjacent.jsonl");
    let gap = dir.path().join("gap.jsonl");
    dated_corpus(&adjacent, 7, "2024-01-15", "2024-02-15");
    dated_corpus(&gap, 7, "2024-01-15", "2024-03-15");
    let by_month = |path: &std::path::Path| {
        compare(&[
            path.to_str().unwrap(),
            "--by",
            "date:month",
            "--min-count",
            "2",
        ])
    };
    let (adjacent, gap) = (by_month(&adjacent), by_month(&gap));
    let names =
        |r: &CompareReport| -> Vec<String> { r.groups.iter().map(|g| g.name.clone()).collect() };
    assert_eq!(names(&adjacent), ["2024-01", "2024-02"]);
    assert_eq!(names(&gap), ["2024-01", "2024-02", "2024-03"]);
    // The empty February has nothing to test: every p is 1, adjusted too.
    let february: Vec<_> = gap
        .theme_shares
        .iter()
        .filter(|s| s.group == "2024-02")
        .collect();
    assert!(february
        .iter()
        .all(|s| s.p_value == 1.0 && s.p_adjusted == 1.0));
    // The two real months are tested and adjusted exactly as without it.
    let real = |r: &CompareReport, second: &str| -> Vec<(String, f64, f64)> {
        r.theme_shares
            .iter()
            .filter(|s| s.group == "2024-01" || s.group == second)
            .map(|s| (s.theme.clone(), s.p_value, s.p_adjusted))
            .collect()
    };
    assert_eq!(real(&adjacent, "2024-02"), real(&gap, "2024-03"));
    assert!(adjacent.theme_shares.iter().any(|s| s.p_adjusted < 1.0));
    let keyness = |r: &CompareReport, group: &str| {
        r.keyness
            .iter()
            .find(|k| k.group == group)
            .unwrap()
            .rows
            .clone()
    };
    assert_eq!(keyness(&adjacent, "2024-02"), keyness(&gap, "2024-03"));
}

/// Writes `records` as a JSONL file in `dir`; each gets a short French text.
fn jsonl(dir: &std::path::Path, name: &str, records: &[serde_json::Value]) -> String {
    let texts = [
        "La souveraineté industrielle de la France passe par nos usines.",
        "Le climat change : la transition écologique ne peut plus attendre.",
        "Nos hôpitaux manquent de soignants et de médicaments.",
        "L'école publique doit former les citoyens de demain.",
    ];
    let lines: Vec<String> = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut r = r.clone();
            r["text"] = texts[i % texts.len()].into();
            r.to_string()
        })
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path.to_str().unwrap().to_string()
}

/// Runs `parole compare ARGS`, which must fail with status 2; returns stderr.
fn compare_fails(args: &[&str]) -> String {
    let mut all = vec!["compare"];
    all.extend_from_slice(args);
    let out = run(&all);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} wrote a report");
    assert!(stderr.starts_with("parole: "), "{stderr}");
    stderr
}

#[test]
fn inputs_that_all_fail_to_read_are_said_to_leave_no_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for name in ["a.txt", "b.txt"] {
        let path = dir.path().join(name);
        std::fs::write(&path, b"\x00\x01\x02binaire\x00\x00").unwrap();
        paths.push(path.to_str().unwrap().to_string());
    }
    let mut args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let stderr = compare_fails(&args);
    assert!(
        stderr.contains(
            "no document to compare: 2 inputs skipped (why is said above); \
             mend or drop the inputs that cannot be read"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("only"), "{stderr}");
    args.push("--quiet");
    let stderr = compare_fails(&args);
    assert_eq!(
        stderr,
        "parole: no document to compare: 2 inputs skipped (run without --quiet to see why); \
         mend or drop the inputs that cannot be read\n"
    );
}

#[test]
fn a_mistyped_year_is_an_error_not_centuries_of_empty_periods() {
    let dir = tempfile::tempdir().unwrap();
    let mut records: Vec<serde_json::Value> = (0..12)
        .map(|i| serde_json::json!({"id": format!("q{i}"), "date": format!("2022-{:02}-01", i % 12 + 1)}))
        .collect();
    records[5]["date"] = "0022-06-01".into();
    let path = jsonl(dir.path(), "questions.jsonl", &records);
    // Years would not do either: no coarser period is advised.
    for (by, periods, coarser) in [
        ("date:year", "2001 years", false),
        ("date:quarter", "8003 quarters", false),
        ("date:month", "24007 months", false),
    ] {
        let started = std::time::Instant::now();
        let stderr = compare_fails(&[&path, "--by", by]);
        assert!(
            started.elapsed().as_secs() < 10,
            "{by} took {:?}",
            started.elapsed()
        );
        for needle in [
            "0022-06-01",
            "q5",
            "questions.jsonl:6",
            "2022-12-01",
            "q11",
            "questions.jsonl:12",
            periods,
            "1200",
            "fix the date",
        ] {
            assert!(stderr.contains(needle), "{by}: no {needle:?} in {stderr}");
        }
        assert_eq!(stderr.contains("(--by date:year)"), coarser, "{stderr}");
    }
    // Two centuries of months: years would do.
    records[5]["date"] = "1822-06-01".into();
    let path = jsonl(dir.path(), "centuries.jsonl", &records);
    let stderr = compare_fails(&[&path, "--by", "date:month"]);
    assert!(stderr.contains("(--by date:year)"), "{stderr}");
    // A century of months is still fine.
    records[5]["date"] = "1923-01-01".into();
    let path = jsonl(dir.path(), "century.jsonl", &records);
    let report = compare(&[&path, "--by", "date:month", "--min-count", "1"]);
    assert_eq!(report.groups.len(), 1200);
}

#[test]
fn a_grouping_field_that_no_document_has_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let records: Vec<serde_json::Value> = (0..8)
        .map(|i| {
            serde_json::json!({
                "id": i,
                "groupe": if i % 2 == 0 { "LR" } else { "RE" },
                "date": format!("14/0{}/2022", i % 9 + 1),
                "speakers": ["A", "B"],
                "lieu": {"ville": "Paris"},
                "vide": "",
            })
        })
        .collect();
    let path = jsonl(dir.path(), "qe.jsonl", &records);
    // A misspelt field: its name, the keys there are, and the closest.
    let stderr = compare_fails(&[&path, "--by", "groupee"]);
    for needle in ["groupee", "date, groupe, speakers, vide", "--by groupe"] {
        assert!(stderr.contains(needle), "no {needle:?} in {stderr}");
    }
    // Dates that are not ISO: an example, and what to do.
    let stderr = compare_fails(&[&path, "--by", "date:year"]);
    for needle in ["date", "\"14/01/2022\"", "qe.jsonl:1", "YYYY-MM-DD"] {
        assert!(stderr.contains(needle), "no {needle:?} in {stderr}");
    }
    // Objects are not metadata; lists are, their items joined.
    let stderr = compare_fails(&[&path, "--by", "lieu"]);
    for needle in ["lieu", "objects"] {
        assert!(stderr.contains(needle), "no {needle:?} in {stderr}");
    }
    // (Here every document has the same list: one group, nothing to compare.)
    let stderr = compare_fails(&[&path, "--by", "speakers", "--min-count", "1"]);
    assert!(
        stderr.contains("only the group \"A; B\" has documents: nothing to compare it with"),
        "{stderr}"
    );
    // Empty in every document.
    let stderr = compare_fails(&[&path, "--by", "vide"]);
    assert!(stderr.contains("vide"), "{stderr}");
    // The debates have no date at all.
    let Some(shared) = shared() else { return };
    let debates = shared.join("corpora/debats_presidentiels/debats_2nd_tour_1981-2022.jsonl");
    let stderr = compare_fails(&[debates.to_str().unwrap(), "--by", "date:year", "--quiet"]);
    for needle in ["date", "debate", "speaker_ffill"] {
        assert!(stderr.contains(needle), "no {needle:?} in {stderr}");
    }
}

#[test]
fn documents_without_the_field_are_counted_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let mut records: Vec<serde_json::Value> = (0..10)
        .map(|i| serde_json::json!({"id": i, "parti": if i % 2 == 0 { "LR" } else { "RE" }}))
        .collect();
    records[3] = serde_json::json!({"id": 3});
    records[7]["parti"] = "  ".into();
    let path = jsonl(dir.path(), "partis.jsonl", &records);
    let out = run(&["compare", &path, "--by", "parti"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "parole: 2 of 10 documents have no usable value of parti and are in the group (none)"
        ),
        "{stderr}"
    );
    let report: CompareReport = serde_json::from_slice(&out.stdout).unwrap();
    let none = report.groups.iter().find(|g| g.name == "(none)").unwrap();
    assert_eq!(none.documents, 2);
    // --quiet keeps stderr for errors.
    let out = run(&["compare", &path, "--by", "parti", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // One document: the verbs agree with it.
    let mut one = records.clone();
    one[7]["parti"] = "RE".into();
    let one = jsonl(dir.path(), "un.jsonl", &one);
    let out = run(&["compare", &one, "--by", "parti"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "parole: 1 of 10 documents has no usable value of parti and is in the group (none)"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_same_input_twice_is_an_error() {
    let a = "corpus/2024-01-18_psp_discours_voeux-souverainete.txt";
    let dotted = "./corpus/2024-01-18_psp_discours_voeux-souverainete.txt";
    for args in [[a, a], [a, dotted]] {
        let stderr = compare_fails(&args);
        assert!(stderr.contains("same file"), "{stderr}");
    }
    // Also with --by, and for the reference.
    let stderr = compare_fails(&["corpus/", a, "--by", "parti"]);
    assert!(stderr.contains("inside"), "{stderr}");
    let stderr = compare_fails(&[a, "--reference", "corpus/", "--reference", "corpus"]);
    assert!(stderr.contains("same"), "{stderr}");
    // A group against a reference that holds it is a comparison, not a repeat.
    compare(&[a, "--reference", a, "--min-count", "1"]);
    // A reference of one document is said in the singular.
    let text = String::from_utf8(run_ok(&[
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--reference",
        a,
        "--format",
        "text",
    ]))
    .unwrap();
    assert!(
        text.starts_with(
            "5 groups of 15 documents, each compared with the reference (1 document, "
        ),
        "{text}"
    );
}

#[test]
fn table_options_that_would_give_nothing_are_usage_errors() {
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["corpus/", "--by", "parti", "--table", "groups"],
            &["--format csv"],
        ),
        (
            &[
                "corpus/", "--by", "parti", "--format", "csv", "--table", "series",
            ],
            &["--by FIELD:year"],
        ),
        (
            &[
                "corpus/", "--by", "parti", "--format", "csv", "--table", "terms",
            ],
            &["--terms"],
        ),
        (
            &[
                "corpus/",
                "--by",
                "date:year",
                "--format",
                "csv",
                "--table",
                "terms",
            ],
            &["--terms"],
        ),
        (
            &["corpus/", "--by", "parti", "--format", "csv", "--pretty"],
            &["--pretty", "json"],
        ),
    ];
    for (args, needles) in cases {
        let stderr = compare_fails(args);
        for needle in needles {
            assert!(
                stderr.contains(needle),
                "{args:?}: no {needle:?} in {stderr}"
            );
        }
    }
    // What they ask for, given what they need.
    let series = String::from_utf8(run_ok(&[
        "compare",
        "corpus/",
        "--by",
        "date:year",
        "--format",
        "csv",
        "--table",
        "series",
    ]))
    .unwrap();
    assert_eq!(
        series.lines().next(),
        Some("period,kind,name,count,value,ci_low,ci_high")
    );
    assert!(series
        .lines()
        .nth(1)
        .is_some_and(|l| l.starts_with("2024,theme,")));
    // --format csv alone is the keyness table.
    let keyness = String::from_utf8(run_ok(&[
        "compare", "corpus/", "--by", "parti", "--format", "csv",
    ]))
    .unwrap();
    assert!(
        keyness.starts_with("group,key,display,observed,"),
        "{keyness}"
    );
}

#[test]
fn csv_numbers_are_short_and_read_back_as_the_json_values() {
    let args = [
        "corpus/",
        "--by",
        "orateur",
        "--min-count",
        "1",
        "--top",
        "0",
    ];
    let report = compare(&args);
    let rows: Vec<&parole::compare::KeynessRow> =
        report.keyness.iter().flat_map(|t| &t.rows).collect();
    assert!(
        rows.iter().any(|r| r.p_value < 1e-5),
        "a p-value small enough to test"
    );
    let csv = run_ok(
        &[
            &["compare"],
            &args[..],
            &["--format", "csv", "--table", "keyness"],
        ]
        .concat(),
    );
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), rows.len());
    for (record, row) in records.iter().zip(&rows) {
        for field in record.iter().skip(3) {
            assert!(field.len() <= 24, "{field} in {record:?}");
        }
        let number = |i: usize| record[i].parse::<f64>().unwrap();
        assert_eq!(number(4), row.expected);
        assert_eq!(number(6), row.g2);
        assert_eq!(number(8), row.log_ratio);
        assert_eq!(number(9), row.p_value, "{record:?}");
        assert_eq!(number(10), row.p_adjusted, "{record:?}");
    }
}

#[test]
fn each_item_of_a_list_field_is_a_group_compared_with_the_documents_outside_it() {
    let dir = tempfile::tempdir().unwrap();
    let speakers = [
        serde_json::json!(["A", "B"]),
        serde_json::json!(["A"]),
        serde_json::json!(["B", "B"]),
        serde_json::json!([]),
        serde_json::json!("C"),
        serde_json::json!(" ; "),
    ];
    let records: Vec<serde_json::Value> = speakers
        .iter()
        .enumerate()
        .map(|(i, s)| serde_json::json!({"id": i, "speakers": s}))
        .collect();
    let path = jsonl(dir.path(), "turns.jsonl", &records);
    let analysis: Report = serde_json::from_slice(&run_ok(&["analyze", &path])).unwrap();
    let report = compare(&[&path, "--by", "speakers:each", "--min-count", "1"]);
    assert_eq!(report.config.by, "speakers:each");
    let groups: Vec<(&str, u64)> = report
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.documents))
        .collect();
    // A document in the group of each item, once; no item: "(none)".
    assert_eq!(groups, [("A", 2), ("B", 2), ("C", 1), ("(none)", 2)]);
    // Each group against the rest of the corpus, every document counted once.
    let corpus = &analysis.corpus;
    for table in &report.keyness {
        assert_eq!(
            table.group_tokens + table.reference_tokens,
            corpus.content_tokens,
            "{}",
            table.group
        );
    }
    for share in &report.theme_shares {
        let group = report
            .groups
            .iter()
            .find(|g| g.name == share.group)
            .unwrap();
        assert_eq!(share.group_passages, group.passages);
        let theme = analysis
            .themes
            .iter()
            .find(|t| t.id == share.theme)
            .unwrap();
        let rest =
            (theme.passages - share.passages) as f64 / (corpus.passages - group.passages) as f64;
        assert!((share.reference_share - rest).abs() < 1e-4, "{share:?}");
    }
    // The summary says so: the groups overlap, so each is compared with
    // the documents not in it, not with the rest of the groups.
    let text = String::from_utf8(run_ok(&[
        "compare",
        &path,
        "--by",
        "speakers:each",
        "--format",
        "text",
    ]))
    .unwrap();
    assert!(
        text.starts_with("4 groups of 6 documents, each compared with the documents not in it\n"),
        "{text}"
    );
    assert!(!text.contains("the rest of the groups"), "{text}");
    // Without :each the list is one value.
    let joined = compare(&[&path, "--by", "speakers", "--min-count", "1"]);
    let names: Vec<&str> = joined.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, [";", "A", "A; B", "B; B", "C", "(none)"]);
    let stderr =
        String::from_utf8(run(&["compare", &path, "--by", "speakers:each"]).stderr).unwrap();
    assert!(stderr.contains("2 of 6 documents"), "{stderr}");
    assert!(!stderr.contains("list of values"), "{stderr}");
    // Grouped by the whole list, stderr says that :each splits it.
    let args = ["compare", &path, "--by", "speakers", "--min-count", "1"];
    let stderr = String::from_utf8(run(&args).stderr).unwrap();
    assert!(
        stderr.contains(
            "parole: 2 of 6 documents have a list of values in speakers (e.g. \"A; B\"): each \
             combination of items is a group of its own (6 groups); to put a document in the \
             group of each of its items, use --by speakers:each\n"
        ),
        "{stderr}"
    );
    let quiet = run(&[&args[..], &["--quiet"]].concat());
    assert!(quiet.stderr.is_empty(), "{:?}", quiet.stderr);
}

#[test]
fn by_turn_compares_the_speakers_of_interviews() {
    let report = compare(&["corpus/", "--by-turn", "--min-count", "1"]);
    assert_eq!(report.config.by, "(turn)");
    let groups: Vec<(&str, u64)> = report
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.documents))
        .collect();
    // The two bundled interviews: each speaker in the document where they
    // speak; the 13 other documents, outside any turn, in (none).
    assert_eq!(
        groups,
        [
            ("BERTRAND LACOMBE", 1),
            ("LA JOURNALISTE", 1),
            ("MATHIS CARRERE", 1),
            ("QUESTION", 1),
            ("(none)", 13),
        ]
    );
    // Passages are cut, not copied: the groups add up to the corpus.
    let analysis: Report = serde_json::from_slice(&run_ok(&["analyze", "corpus/"])).unwrap();
    let passages: u64 = report.groups.iter().map(|g| g.passages).sum();
    assert_eq!(passages, analysis.corpus.passages);
    let tokens: u64 = report.groups.iter().map(|g| g.content_tokens).sum();
    assert_eq!(tokens, analysis.corpus.content_tokens);
    for table in &report.keyness {
        assert_eq!(
            table.group_tokens + table.reference_tokens,
            analysis.corpus.content_tokens
        );
    }
    // Evidence passages of a speaker are theirs.
    for e in report
        .evidence
        .iter()
        .filter(|e| e.group == "MATHIS CARRERE")
    {
        for p in &e.passages {
            assert_eq!(p.speaker.as_deref(), Some("MATHIS CARRERE"));
        }
    }
    // --by and --by-turn exclude each other; a corpus without transcripts is an error.
    let out = run(&["compare", "corpus/", "--by", "parti", "--by-turn"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = compare_fails(&["corpus/", "--by-turn", "--passage", "document"]);
    assert!(stderr.contains("--passage paragraph"), "{stderr}");
    // Sentences are in turns as their paragraphs are.
    let sentences = compare(&["corpus/", "--by-turn", "--passage", "sentence"]);
    let names: Vec<&str> = sentences.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "BERTRAND LACOMBE",
            "LA JOURNALISTE",
            "MATHIS CARRERE",
            "QUESTION",
            "(none)"
        ]
    );
    let Some(shared) = shared() else { return };
    let questions = shared.join("corpora/an_qe_l16");
    let stderr = compare_fails(&[questions.to_str().unwrap(), "--by-turn"]);
    assert!(
        stderr.contains("--by-turn") && stderr.contains("--by FIELD"),
        "{stderr}"
    );
}

/// Writes a `--rename` file in `dir`.
fn rename_file(dir: &std::path::Path, text: &str) -> String {
    let path = dir.join("names.csv");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn renamed_values_make_one_group_with_the_totals_of_their_parts() {
    let dir = tempfile::tempdir().unwrap();
    let speakers = [
        "M. Macron",
        "EMMANUEL MACRON",
        "Mme Le Pen",
        "M. Macron",
        "Autre",
        "MARINE LE PEN",
        "M. Macron",
        "Autre",
    ];
    let records: Vec<serde_json::Value> = speakers
        .iter()
        .enumerate()
        .map(|(i, s)| serde_json::json!({"id": i, "speaker": s}))
        .collect();
    let path = jsonl(dir.path(), "debat.jsonl", &records);
    let names = rename_file(
        dir.path(),
        "value;group\nM. Macron;Emmanuel Macron\nEMMANUEL MACRON;Emmanuel Macron\n\
         Mme Le Pen;Marine Le Pen\nMARINE LE PEN;Marine Le Pen\nM. Chiracc;Jacques Chirac\n\
         M. Macronn;Emmanuel Macron\n",
    );
    let apart = compare(&[&path, "--by", "speaker", "--min-count", "1"]);
    assert!(apart.groups.iter().all(|g| g.values.is_empty()));
    assert_eq!(apart.config.rename, None);
    let out = run(&[
        "compare",
        &path,
        "--by",
        "speaker",
        "--min-count",
        "1",
        "--rename",
        &names,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "values of {names} that are no value of speaker of the documents compared, as \
             written (2 of 6); check their spelling: \"M. Chiracc\", \"M. Macronn\" (is it \
             \"M. Macron\"?)"
        )),
        "{stderr}"
    );
    let merged: CompareReport = serde_json::from_slice(&out.stdout).unwrap();
    let rename = merged.config.rename.as_ref().unwrap();
    assert_eq!(rename.file, names);
    assert_eq!(rename.values.len(), 6);
    let summary: Vec<(&str, u64)> = merged
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.documents))
        .collect();
    assert_eq!(
        summary,
        [("Autre", 2), ("Emmanuel Macron", 4), ("Marine Le Pen", 2)]
    );
    let values = |name: &str| -> Vec<(String, u64)> {
        let group = merged.groups.iter().find(|g| g.name == name).unwrap();
        group
            .values
            .iter()
            .map(|v| (v.value.clone(), v.documents))
            .collect()
    };
    assert_eq!(
        values("Emmanuel Macron"),
        [
            ("M. Macron".to_string(), 3),
            ("EMMANUEL MACRON".to_string(), 1)
        ]
    );
    assert_eq!(
        values("Marine Le Pen"),
        [
            ("MARINE LE PEN".to_string(), 1),
            ("Mme Le Pen".to_string(), 1)
        ]
    );
    assert!(values("Autre").is_empty(), "a group of its own value");
    // A renamed group holds what its values held apart.
    let sum = |report: &CompareReport, names: &[&str]| -> [u64; 4] {
        let mut total = [0; 4];
        for g in report
            .groups
            .iter()
            .filter(|g| names.contains(&g.name.as_str()))
        {
            total[0] += g.documents;
            total[1] += g.passages;
            total[2] += g.tokens;
            total[3] += g.content_tokens;
        }
        total
    };
    assert_eq!(
        sum(&merged, &["Emmanuel Macron"]),
        sum(&apart, &["M. Macron", "EMMANUEL MACRON"])
    );
    assert_eq!(
        sum(&merged, &["Marine Le Pen"]),
        sum(&apart, &["Mme Le Pen", "MARINE LE PEN"])
    );
    let matches = |report: &CompareReport, names: &[&str]| -> u64 {
        report
            .theme_shares
            .iter()
            .filter(|s| names.contains(&s.group.as_str()))
            .map(|s| s.passages)
            .sum()
    };
    assert_eq!(
        matches(&merged, &["Emmanuel Macron"]),
        matches(&apart, &["M. Macron", "EMMANUEL MACRON"])
    );
    // The CSV table of the values in each group.
    let csv = String::from_utf8(run_ok(&[
        "compare", &path, "--by", "speaker", "--rename", &names, "--format", "csv", "--table",
        "values", "-q",
    ]))
    .unwrap();
    assert_eq!(
        csv,
        "group,value,documents\nEmmanuel Macron,M. Macron,3\nEmmanuel Macron,EMMANUEL MACRON,1\n\
         Marine Le Pen,MARINE LE PEN,1\nMarine Le Pen,Mme Le Pen,1\n"
    );
    let stderr = String::from_utf8(
        run(&[
            "compare", &path, "--by", "speaker", "--format", "csv", "--table", "values",
        ])
        .stderr,
    )
    .unwrap();
    assert!(stderr.contains("add --rename FILE"), "{stderr}");
    // The note on look-alike names says how to merge them.
    let records = [
        serde_json::json!({"speaker": "M. Macron"}),
        serde_json::json!({"speaker": "M. MACRON"}),
    ];
    let path = jsonl(dir.path(), "alike.jsonl", &records);
    let stderr = String::from_utf8(run(&["compare", &path, "--by", "speaker"]).stderr).unwrap();
    assert!(
        stderr
            .contains("\"M. MACRON\" and \"M. Macron\"; to count them as one, give --rename FILE"),
        "{stderr}"
    );
}

#[test]
fn renaming_applies_to_list_items_speaker_turns_and_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let lists = [
        serde_json::json!(["PS", "Parti socialiste"]),
        serde_json::json!(["Parti socialiste"]),
        serde_json::json!(["LR"]),
        serde_json::json!(["LR", "PS"]),
        serde_json::json!(["PS", "Socialistes"]),
    ];
    let records: Vec<serde_json::Value> = lists
        .iter()
        .enumerate()
        .map(|(i, s)| serde_json::json!({"id": i, "partis": s}))
        .collect();
    let path = jsonl(dir.path(), "partis.jsonl", &records);
    let names = rename_file(
        dir.path(),
        "value,group\nParti socialiste,PS\nSocialistes,PS\n",
    );
    let report = compare(&[&path, "--by", "partis:each", "--rename", &names]);
    let groups: Vec<(&str, u64)> = report
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.documents))
        .collect();
    // The first and last documents are in PS once, as their first item.
    assert_eq!(groups, [("LR", 2), ("PS", 4)]);
    let ps = &report.groups[1].values;
    assert_eq!(
        ps.iter()
            .map(|v| (v.value.as_str(), v.documents))
            .collect::<Vec<_>>(),
        [("PS", 3), ("Parti socialiste", 1)]
    );
    // A value seen only beside another of its group is not said unseen.
    let out = run(&["compare", &path, "--by", "partis:each", "--rename", &names]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Speaker labels of transcripts.
    let names = rename_file(
        dir.path(),
        "value,group\nLA JOURNALISTE,Journalistes\nQUESTION,Journalistes\n",
    );
    let turns = compare(&["corpus/", "--by-turn", "--rename", &names]);
    let apart = compare(&["corpus/", "--by-turn"]);
    let passages =
        |r: &CompareReport, name: &str| r.groups.iter().find(|g| g.name == name).unwrap().passages;
    assert_eq!(
        passages(&turns, "Journalistes"),
        passages(&apart, "LA JOURNALISTE") + passages(&apart, "QUESTION")
    );
    assert_eq!(turns.groups.len(), apart.groups.len() - 1);
    // Two speakers of one interview put together: the interview counts once.
    let names = rename_file(
        dir.path(),
        "value,group\nQUESTION,Entretien\nBERTRAND LACOMBE,Entretien\n",
    );
    let interview = compare(&["corpus/", "--by-turn", "--rename", &names]);
    let group = interview
        .groups
        .iter()
        .find(|g| g.name == "Entretien")
        .unwrap();
    assert_eq!(group.documents, 1);
    assert_eq!(
        group.passages,
        passages(&apart, "QUESTION") + passages(&apart, "BERTRAND LACOMBE")
    );
    assert_eq!(group.values.len(), 1, "{:?}", group.values);
    // Inputs, without --by.
    let one = jsonl(dir.path(), "a.jsonl", &records[..2]);
    let two = jsonl(dir.path(), "b.jsonl", &records[2..]);
    let three = jsonl(dir.path(), "c.jsonl", &records[1..3]);
    let names = rename_file(dir.path(), &format!("value,group\n{one},ab\n{two},ab\n"));
    let inputs = compare(&[&one, &two, &three, "--rename", &names]);
    let groups: Vec<(&str, u64)> = inputs
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.documents))
        .collect();
    assert_eq!(groups, [("ab", 5), (three.as_str(), 2)]);
}

#[test]
fn a_bad_rename_file_or_a_date_grouping_is_an_error_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let names = rename_file(
        dir.path(),
        "value,group\nM. Macron,Macron\n\nM. Macron,Le Pen\n",
    );
    let stderr = compare_fails(&["corpus/", "--by", "parti", "--rename", &names]);
    assert_eq!(
        stderr.trim_end(),
        format!(
            "parole: {names}:4: \"M. Macron\" is given the group \"Le Pen\" here and \"Macron\" \
             on line 2: give each value one group"
        )
    );
    let stderr = compare_fails(&["corpus/", "--by", "parti", "--rename", "absent.csv"]);
    assert!(stderr.contains("absent.csv"), "{stderr}");
    let names = rename_file(dir.path(), "value,group\n2024,Année\n");
    let stderr = compare_fails(&["corpus/", "--by", "date:year", "--rename", &names]);
    assert!(
        stderr.contains("--rename names groups of values"),
        "{stderr}"
    );
}

#[test]
fn each_group_followed_over_the_periods_adds_up_to_its_totals() {
    let report = compare(&[
        "corpus/",
        "--by",
        "parti",
        "--over",
        "date:quarter",
        "--terms",
        "souveraineté,souverain*",
        "--min-count",
        "1",
    ]);
    assert_eq!(report.config.over.as_deref(), Some("date:quarter"));
    assert!(report.time_series.is_none());
    let series = report.group_series.as_ref().expect("a series per group");
    // Every quarter from the first date to the last, empty ones included.
    assert_eq!(
        series.periods,
        ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"]
    );
    assert_eq!(series.groups.len(), report.groups.len());
    for (s, g) in series.groups.iter().zip(&report.groups) {
        assert_eq!(s.group, g.name);
        assert_eq!(s.documents.len(), series.periods.len());
        assert_eq!(s.documents.iter().sum::<u64>(), g.documents, "{}", g.name);
        assert_eq!(s.passages.iter().sum::<u64>(), g.passages, "{}", g.name);
        assert_eq!(s.content_tokens.iter().sum::<u64>(), g.content_tokens);
        for (t, term) in s.terms.iter().zip(&g.terms) {
            assert_eq!(t.counts.iter().sum::<u64>(), term.count, "{}", t.term);
        }
        for t in &s.themes {
            let share = report
                .theme_shares
                .iter()
                .find(|r| r.group == g.name && r.theme == t.theme)
                .unwrap();
            assert_eq!(t.passages.iter().sum::<u64>(), share.passages);
            for (p, &n) in t.passages.iter().enumerate() {
                let expected = match s.passages[p] {
                    0 => 0.0,
                    all => (n as f64 / all as f64 * 1e4).round() / 1e4,
                };
                assert_eq!(t.shares[p], expected);
                // The interval holds the share, and is 0 to 1 where the
                // period has no passage.
                assert!(t.ci_low[p] <= expected && expected <= t.ci_high[p]);
                let (low, high) = parole::stats::wilson_interval(n, s.passages[p]);
                let round = |x: f64| (x * 1e4).round() / 1e4;
                assert_eq!((t.ci_low[p], t.ci_high[p]), (round(low), round(high)));
                if s.passages[p] == 0 {
                    assert_eq!((t.ci_low[p], t.ci_high[p]), (0.0, 1.0));
                } else if s.passages[p] < 20 && n > 0 && n < s.passages[p] {
                    assert!(t.ci_high[p] - t.ci_low[p] > 0.2, "a wide interval");
                }
            }
        }
    }
    // The same documents by quarter alone: the groups' periods add up to it.
    let quarters = compare(&["corpus/", "--by", "date:quarter", "--min-count", "1"]);
    let by_quarter = quarters.time_series.as_ref().unwrap();
    assert_eq!(by_quarter.periods, series.periods);
    // So does the whole corpus's series, `all`.
    assert_eq!(series.all.group, "(all)");
    for (p, _) in series.periods.iter().enumerate() {
        let documents: u64 = series.groups.iter().map(|g| g.documents[p]).sum();
        assert_eq!(documents, quarters.groups[p].documents);
        assert_eq!(series.all.documents[p], documents);
        assert_eq!(series.all.passages[p], quarters.groups[p].passages);
        for (t, theme) in by_quarter.themes.iter().enumerate() {
            let passages: u64 = series.groups.iter().map(|g| g.themes[t].passages[p]).sum();
            assert_eq!(passages, theme.passages[p], "{}", theme.theme);
            let all = &series.all.themes[t];
            assert_eq!(all.passages[p], theme.passages[p], "{}", theme.theme);
            assert_eq!(
                (all.shares[p], all.ci_low[p], all.ci_high[p]),
                (theme.shares[p], theme.ci_low[p], theme.ci_high[p])
            );
        }
        for (q, term) in by_quarter.terms.iter().enumerate() {
            assert_eq!(series.all.terms[q].counts[p], term.counts[p]);
        }
    }
    // The CSV table: one row per group, period and measure.
    let csv = String::from_utf8(run_ok(&[
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--over",
        "date:year",
        "--format",
        "csv",
        "--table",
        "series",
        "--terms",
        "souveraineté",
        "-q",
    ]))
    .unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("group,period,kind,name,count,value,ci_low,ci_high")
    );
    let rows: Vec<&str> = lines.collect();
    let themes = report.theme_shares.len() / report.groups.len();
    // The groups, then the whole corpus, `(all)`.
    assert_eq!(rows.len(), (report.groups.len() + 1) * 2 * (3 + themes + 1));
    assert!(rows.contains(&"PSP,2024,documents,,2,,,"), "{csv}");
    assert!(rows.contains(&"(all),2024,documents,,9,,,"), "{csv}");
    // Theme rows carry the share's interval, read back as the JSON's.
    let json = compare(&[
        "corpus/",
        "--by",
        "parti",
        "--over",
        "date:year",
        "--terms",
        "souveraineté",
    ]);
    let series = json.group_series.unwrap();
    let g = &series.groups[0];
    let p = series.periods.iter().position(|p| p == "2024").unwrap();
    let t = &g.themes[0];
    let head = format!("{},2024,theme,{},", g.group, t.theme);
    let row = rows
        .iter()
        .find(|r| r.starts_with(&head))
        .expect("the theme's row");
    let cells: Vec<f64> = row[head.len()..]
        .split(',')
        .map(|c| c.parse().unwrap())
        .collect();
    let expected = [t.passages[p] as f64, t.shares[p], t.ci_low[p], t.ci_high[p]];
    assert_eq!(cells, expected, "{row}");
    assert!(t.ci_low[p] < t.ci_high[p]);
}

#[test]
fn undated_documents_and_overlapping_groups_over_periods() {
    let dir = tempfile::tempdir().unwrap();
    let records = [
        serde_json::json!({"id": 1, "partis": ["A", "B"], "date": "2024-01-05"}),
        serde_json::json!({"id": 2, "partis": ["A"], "date": "2024-03-10"}),
        serde_json::json!({"id": 3, "partis": ["B"]}),
        serde_json::json!({"id": 4, "partis": ["B"], "date": "2024-13-45"}),
    ];
    let path = jsonl(dir.path(), "partis.jsonl", &records);
    let report = compare(&[&path, "--by", "partis:each", "--over", "date:month"]);
    let series = report.group_series.unwrap();
    // The undated documents are counted on stderr, with an example.
    let stderr = String::from_utf8(
        run(&[
            "compare",
            &path,
            "--by",
            "partis:each",
            "--over",
            "date:month",
        ])
        .stderr,
    )
    .unwrap();
    assert!(
        stderr.contains(
            "--over date:month: 2 of 4 documents have no usable date in `date` (e.g. \
             \"2024-13-45\", document 4"
        ) && stderr.contains("count in the period (none) of their groups"),
        "{stderr}"
    );
    assert_eq!(series.periods, ["2024-01", "2024-02", "2024-03", "(none)"]);
    let documents: Vec<(&str, &[u64])> = series
        .groups
        .iter()
        .map(|g| (g.group.as_str(), g.documents.as_slice()))
        .collect();
    assert_eq!(
        documents,
        [("A", &[1, 0, 1, 0][..]), ("B", &[1, 0, 0, 2][..])]
    );
    // The whole corpus counts document 1, in both groups, once.
    assert_eq!(series.all.documents, [1, 0, 1, 2]);
    let text = String::from_utf8(run_ok(&[
        "compare",
        &path,
        "--by",
        "partis:each",
        "--over",
        "date:month",
        "--format",
        "text",
        "-q",
    ]))
    .unwrap();
    assert!(
        text.contains(
            "over 3 periods (2024-01 to 2024-03, and (none) for the documents without a date)"
        ),
        "{text}"
    );
    // A group named as the whole corpus's series is refused, with the way out.
    let all = jsonl(
        dir.path(),
        "all.jsonl",
        &[
            serde_json::json!({"partis": "(all)", "date": "2024-01-05"}),
            serde_json::json!({"partis": "B", "date": "2024-02-05"}),
        ],
    );
    let stderr = compare_fails(&[&all, "--by", "partis", "--over", "date:month"]);
    assert!(stderr.contains("a group is named \"(all)\"") && stderr.contains("--rename"));
    // What cannot work is said before anything is read.
    let stderr = compare_fails(&[&path, "--by", "date:year", "--over", "date:month"]);
    assert!(stderr.contains("--by already groups by period"), "{stderr}");
    let stderr = compare_fails(&[&path, "--by", "partis", "--over", "date"]);
    assert!(stderr.contains("FIELD:quarter"), "{stderr}");
    let stderr = compare_fails(&[&path, "--by", "partis", "--over", "date:week"]);
    assert!(
        stderr.contains("--over date:week: unknown period") && !stderr.contains(":each"),
        "{stderr}"
    );
    // No date at all: what there is, and what to do.
    let stderr = compare_fails(&[&path, "--by", "partis", "--over", "dat:year"]);
    assert!(
        stderr.contains("the documents' fields are: date, partis")
            && stderr.contains("Did you mean --over date:year?"),
        "{stderr}"
    );
    let years = jsonl(
        dir.path(),
        "years.jsonl",
        &[
            serde_json::json!({"partis": "A", "date": "2023"}),
            serde_json::json!({"partis": "B", "date": "2024"}),
        ],
    );
    let stderr = compare_fails(&[&years, "--by", "partis", "--over", "date:month"]);
    assert!(
        stderr.contains("e.g. \"2023\"") && stderr.contains("(--over date:year)"),
        "{stderr}"
    );
    let stderr = compare_fails(&[&years, "--by", "date:month"]);
    assert!(stderr.contains("(--by date:year)"), "{stderr}");
    // Years would not do when no value is a date at all.
    let no_dates = jsonl(
        dir.path(),
        "no_dates.jsonl",
        &[
            serde_json::json!({"partis": "A", "date": "2024-05-01 et 02"}),
            serde_json::json!({"partis": "B", "date": "s.d."}),
        ],
    );
    let stderr = compare_fails(&[&no_dates, "--by", "partis", "--over", "date:month"]);
    assert!(
        stderr.contains("e.g. \"2024-05-01 et 02\"") && !stderr.contains("by year"),
        "{stderr}"
    );
    let stderr = compare_fails(&[&no_dates, "--by", "date:month"]);
    assert!(
        !stderr.contains("by year") && stderr.contains("(--by date)"),
        "{stderr}"
    );
    // A mistyped year: the dates with their documents.
    let span = jsonl(
        dir.path(),
        "span.jsonl",
        &[
            serde_json::json!({"partis": "A", "date": "0022-03-01"}),
            serde_json::json!({"partis": "B", "date": "2024-05-01"}),
        ],
    );
    let stderr = compare_fails(&[&span, "--by", "partis", "--over", "date:month"]);
    assert!(
        stderr.contains("from 0022-03-01 (document")
            && stderr.contains("span.jsonl:1")
            && stderr.contains("fix the date (or leave that document out)"),
        "{stderr}"
    );
    let stderr = compare_fails(&[
        &path, "--by", "partis", "--format", "csv", "--table", "series",
    ]);
    assert!(stderr.contains("--over"), "{stderr}");
}

#[test]
fn the_counts_of_the_inputs_add_up_with_overlapping_groups_and_a_reference() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": 1, "partis": ["A", "B"], "type": "x", "text": "La souveraineté."}"#,
        r#"{"id": 2, "partis": ["A"], "type": "y", "text": "Le climat change."}"#,
        r#"{"id": 3, "partis": ["B"], "type": "x", "text": "La régulation."}"#,
        r#"{"id": 4, "partis": ["B"], "type": "x", "text": "  "}"#,
    ];
    let path = dir.path().join("partis.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let path = path.to_str().unwrap();
    let report = compare(&[
        path,
        "--by",
        "partis:each",
        "--where",
        "type=x",
        "-q",
        "--allow-skipped",
    ]);
    assert_eq!(report.documents, 2, "each document once");
    assert_eq!(
        report.groups.iter().map(|g| g.documents).sum::<u64>(),
        3,
        "the groups overlap"
    );
    assert_eq!((report.left_out, report.skipped.len()), (1, 1));
    assert_eq!(report.inputs_seen, 4);
    assert_eq!(report.reference, None);
    // With a reference: its size, and the counts of both add up.
    let reference = compare(&[
        path,
        "--by",
        "partis:each",
        "--reference",
        "corpus/",
        "-q",
        "--allow-skipped",
    ]);
    let r = reference.reference.as_ref().expect("the reference's size");
    assert_eq!((r.inputs_seen, r.documents), (15, 15));
    let alone = compare(&["corpus/", "--by", "parti"]);
    let passages: u64 = alone.groups.iter().map(|g| g.passages).sum();
    let content: u64 = alone.groups.iter().map(|g| g.content_tokens).sum();
    assert_eq!((r.passages, r.content_tokens), (passages, content));
    assert_eq!(
        reference.inputs_seen + r.inputs_seen,
        reference.documents + r.documents + reference.skipped.len() as u64 + reference.left_out
    );
    assert_eq!((reference.inputs_seen, reference.documents), (4, 3));
}

#[test]
fn text_summary_is_the_readme_example_and_agrees_with_the_json() {
    let args = [
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--only-themes",
        "souverainete,regulation,ecologie",
    ];
    let text = String::from_utf8(run_ok(&[&args[..], &["--format", "text"]].concat())).unwrap();
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let command = format!("$ parole {} --format text\n", args.join(" "));
    let start = readme.find(&command).expect("the README shows the command") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    assert_eq!(
        shown, text,
        "README.md shows the output of the current code"
    );
    // Each figure is the JSON's.
    let report = compare(&args[1..]);
    assert!(text.starts_with("5 groups of 15 documents, each compared with the rest"));
    for g in &report.groups {
        let sizes = format!(
            "\n{:5}  {:>9}  {:>8}  {:>14}\n",
            g.name, g.documents, g.passages, g.content_tokens
        );
        assert!(text.contains(&sizes), "{sizes:?}");
        let cells: Vec<String> = ["souverainete", "regulation", "ecologie"]
            .iter()
            .map(|theme| {
                let r = report
                    .theme_shares
                    .iter()
                    .find(|r| r.group == g.name && r.theme == *theme)
                    .unwrap();
                let mark = match r.difference.as_str() {
                    "above" => "+",
                    "below" => "-",
                    _ => "",
                };
                // From the counts (3.846 % is 3.8, though the share is 0.0385).
                let share = r.passages as f64 / r.group_passages as f64 * 100.0;
                format!("{share:.1}{mark}")
            })
            .collect();
        let row = text
            .lines()
            .filter(|l| l.starts_with(&format!("{:5}  ", g.name)))
            .nth(1)
            .expect("a row of shares");
        assert_eq!(row.split_whitespace().skip(1).collect::<Vec<_>>(), cells);
    }
    assert!(text.contains("\nMAC    données 33.5, IA 33.5,"), "{text}");
    assert!(!text.contains("--terms") && !text.contains("over 2 periods"));
    // --terms and --over add their lines.
    let more = String::from_utf8(run_ok(
        &[
            &args[..],
            &[
                "--terms",
                "souveraineté,transition écologique",
                "--over",
                "date:year",
                "--format",
                "text",
            ],
        ]
        .concat(),
    ))
    .unwrap();
    assert!(
        more.contains(
            "\n--terms: count (per 10,000 content tokens)\nADT    souveraineté 1 (34.60), \
             transition écologique 0 (0.00)\n"
        ),
        "{more}"
    );
    assert!(
        more.ends_with(
            "\neach group and the whole corpus over 2 periods (2024 to 2025): group_series \
             in the JSON, or --format csv --table series\n"
        ),
        "{more}"
    );
    // Names of every width line up, a control character is escaped, a
    // group without passages has no share, and --top bounds the terms.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("names.jsonl");
    std::fs::write(
        &path,
        concat!(
            r#"{"text": "La transition écologique.", "g": "X\u0301cologie", "d": "2024-01-05"}"#,
            "\n",
            r#"{"text": "La santé publique.", "g": "日本", "d": "2024-12-01"}"#,
            "\n",
            r#"{"text": "La sécurité.", "g": "x\ny", "d": "2024-12-02"}"#,
            "\n",
        ),
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let text = String::from_utf8(run_ok(&[
        "compare",
        path,
        "--by",
        "g",
        "--only-themes",
        "ecologie",
        "--top",
        "3",
        "--format",
        "text",
    ]))
    .unwrap();
    assert!(text.starts_with("3 groups of 3 documents,"), "{text}");
    // A combining accent that no composed letter holds (`X́`) stays as
    // written, and takes no column.
    for row in ["X\u{301}cologie  ", "日本      ", "x\\ny      "] {
        assert!(
            text.contains(&format!("\n{row}        1 ")),
            "{row:?} in {text}"
        );
    }
    assert!(text.contains("the first 3)"), "{text}");
    let text = String::from_utf8(run_ok(&[
        "compare",
        path,
        "--by",
        "d:quarter",
        "--only-themes",
        "ecologie",
        "--format",
        "text",
    ]))
    .unwrap();
    assert!(text.contains("\n2024-Q2      n/a\n"), "{text}");
    // --table and --pretty go with other formats.
    for extra in [&["--table", "themes"][..], &["--pretty"]] {
        let out = common::run(&[&args[..], &["--format", "text"], extra].concat());
        assert_eq!(out.status.code(), Some(2));
    }
}

/// An evidence passage names the encoding of its document, whose decoded
/// text its span indexes.
#[test]
fn evidence_passages_name_their_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let theme = "La transition écologique et le climat, la biodiversité et les \
                 énergies renouvelables.";
    std::fs::write(
        dir.path().join("a.txt"),
        [b"---\nparti: A\n---\n".as_slice(), &encode_1252(theme)].concat(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "---\nparti: B\n---\nLe climat et la transition écologique.\n",
    )
    .unwrap();
    let out = run_ok(&[
        "compare",
        dir.path().to_str().unwrap(),
        "--by",
        "parti",
        "--quiet",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let passages: Vec<&serde_json::Value> = report["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["passages"].as_array().unwrap())
        .collect();
    let a = passages
        .iter()
        .find(|p| p["id"] == "a.txt")
        .expect("a.txt is evidence of écologie");
    assert_eq!(a["encoding"], "windows-1252");
    let bytes = std::fs::read(dir.path().join("a.txt")).unwrap();
    let text = encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(&bytes)
        .0
        .into_owned();
    let span: Vec<usize> = serde_json::from_value(a["span"].clone()).unwrap();
    assert_eq!(&text[span[0]..span[1]], a["text"].as_str().unwrap());
    assert!(passages.iter().any(|p| p["encoding"] == "UTF-8"));
}

/// `text` in windows-1252 (its characters are all in Latin-1's range).
fn encode_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

/// A `--terms` word written without the accent of an ending the stemmer
/// cuts counts nothing: stderr says how to write it, the counts are still
/// given, and `--quiet` leaves the warning out.
#[test]
fn a_term_without_the_accent_of_its_ending_is_warned_of() {
    let args = [
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--terms",
        "securite,souveraineté",
        "--format",
        "csv",
        "--table",
        "terms",
    ];
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "parole: warning: --terms \"securite\": \"securite\" is written without accents, and \
         the stemmer reads its ending only with its accent, so it counts neither the word with \
         its accents nor in capitals; write \"securité\", or the word with all its accents\n"
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.lines().any(|l| l.starts_with("MAC,securite,0,")),
        "{table}"
    );
    let quiet = run(&[&args[..], &["--quiet"]].concat());
    assert!(quiet.stderr.is_empty());
}

/// The text summary's G² is rounded once, from the counts: 31.349963… is
/// 31.3, not the JSON's 31.35 rounded again (31.4).
#[test]
fn the_text_summary_rounds_each_g2_once() {
    let dir = tempfile::tempdir().unwrap();
    let words = |climat: usize, maison: usize| {
        [vec!["climat"; climat], vec!["maison"; maison]]
            .concat()
            .join(" ")
    };
    // 19 of A's 25 words are `climat`, 1 of B's 25.
    let corpus = dir.path().join("groups.jsonl");
    let lines = [
        serde_json::json!({"id": "a", "g": "A", "text": words(19, 6) + "."}),
        serde_json::json!({"id": "b", "g": "B", "text": words(1, 24) + "."}),
    ];
    std::fs::write(&corpus, format!("{}\n{}\n", lines[0], lines[1])).unwrap();
    let corpus = corpus.to_str().unwrap();
    let args = [
        "compare",
        corpus,
        "--by",
        "g",
        "--only-themes",
        "souverainete",
    ];
    let report: CompareReport = serde_json::from_slice(&run_ok(&args)).unwrap();
    assert_eq!(report.keyness[0].rows[0].g2, 31.35);
    let text = String::from_utf8(run_ok(&[&args[..], &["--format", "text"]].concat())).unwrap();
    assert!(text.contains("\nA      climat 31.3\n"), "{text}");
    assert!(text.contains("\nB      maison 31.3\n"), "{text}");
}

/// The series chart's tooltips round each share, interval end and rate
/// once, from the counts: 1 passage of 26 is 3.8 %, where the report's
/// share rounded to 4 decimals (0.0385) would show 3.9 %.
#[test]
fn series_tooltips_round_the_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = Vec::new();
    for i in 0..29 {
        let (date, text) = match i {
            0 => (
                "2024-03-01",
                "La transition écologique, le climat et la biodiversité.",
            ),
            1..=25 => ("2024-03-01", "Nous parlons de la rentrée des classes."),
            _ => ("2025-03-01", "Nous parlons de la rentrée des classes."),
        };
        lines.push(serde_json::json!({"id": i, "date": date, "text": text}).to_string());
    }
    let path = dir.path().join("dates.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let path = path.to_str().unwrap();
    let report = compare(&[path, "--by", "date:year", "--terms", "climat"]);
    let series = report.time_series.as_ref().unwrap();
    let ecologie = series
        .themes
        .iter()
        .find(|t| t.theme == "ecologie")
        .unwrap();
    assert_eq!((ecologie.passages[0], report.groups[0].passages), (1, 26));
    assert_eq!(ecologie.shares[0], 0.0385);
    let svg = String::from_utf8(run_ok(&[
        "compare",
        path,
        "--by",
        "date:year",
        "--terms",
        "climat",
        "--format",
        "svg",
        "--table",
        "series",
    ]))
    .unwrap();
    let (low, high) = parole::stats::wilson_interval(1, 26);
    let one = |x: f64| format!("{}", (x * 1000.0).round() / 10.0);
    let tooltip = format!(
        "<title>corpus 2024: 3.8 % (95 % interval {}–{} %, 26 passages)</title>",
        one(low),
        one(high)
    );
    assert!(svg.contains(&tooltip), "no {tooltip} in {svg}");
    // 1 occurrence in 2024's content tokens, per 10,000, rounded once.
    let tokens = report.groups[0].content_tokens as f64;
    let rate = format!(
        "<title>corpus 2024: {} per 10,000</title>",
        (10_000.0 / tokens * 10.0).round() / 10.0
    );
    assert!(svg.contains(&rate), "no {rate} in {svg}");
}
