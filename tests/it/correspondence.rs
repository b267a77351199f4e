//! Integration tests of the correspondence analysis of `parole compare`:
//! its table is the one keyness tests, its figures obey the identities of
//! the method on the real output, and its CSV tables and text summary say
//! what the JSON says.

use std::collections::BTreeMap;

use crate::common::{run, run_ok};

use parole::compare::{CompareReport, CorrespondenceAnalysis};

fn compare(args: &[&str]) -> CompareReport {
    let bytes = run_ok(&[&["compare"], args].concat());
    serde_json::from_slice(&bytes).expect("a comparison report")
}

/// Each group's count of each key, from the keyness rows (`--top 0`).
fn counts(report: &CompareReport) -> BTreeMap<(String, String), u64> {
    report
        .keyness
        .iter()
        .flat_map(|t| {
            t.rows
                .iter()
                .map(move |r| ((t.group.clone(), r.key.clone()), r.observed))
        })
        .collect()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// The labels of the built-in lexicon's themes, by id, as `parole themes`
/// gives them: the pictures name the themes so.
fn label(id: &str) -> String {
    let json: serde_json::Value =
        serde_json::from_slice(&run_ok(&["themes", "--format", "json"])).unwrap();
    json["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .map(|t| t["label"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no theme {id}"))
}

/// The texts of the elements of `class` in an SVG document, in order.
fn classed<'a>(doc: &'a roxmltree::Document, class: &str) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .map(|n| n.text().unwrap())
        .collect()
}

/// The paths of the bundled corpus's documents of a party, by the tag in
/// their names (`psp`).
fn party_files(tag: &str) -> Vec<String> {
    std::fs::read_dir("corpus")
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| p.contains(&format!("_{tag}_")))
        .collect()
}

fn analysis(report: &CompareReport) -> &CorrespondenceAnalysis {
    report
        .correspondence
        .as_ref()
        .expect("a correspondence analysis")
}

/// The columns are the terms keyness tests (counted `--min-count` times
/// over the groups), every one listed with `--top 0`; the figures, rounded
/// to 6 digits, still obey the identities: the eigenvalues sum to the
/// total inertia, the contributions to an axis to 1 on each side, the
/// inertias to 1; and each group is the barycentre of the terms (the
/// transition formula), its coordinate on an axis Σ (n_ij / n_i) g_j / √λ.
#[test]
fn the_table_is_the_keyness_table_and_the_figures_add_up() {
    for (by, min_count) in [("parti", "5"), ("orateur", "2"), ("date:quarter", "3")] {
        let report = compare(&[
            "corpus/",
            "--by",
            by,
            "--top",
            "0",
            "--min-count",
            min_count,
        ]);
        let ca = analysis(&report);
        let counts = counts(&report);
        let mut totals: BTreeMap<&str, u64> = BTreeMap::new();
        for ((_, key), n) in &counts {
            *totals.entry(key).or_default() += n;
        }
        let min: u64 = min_count.parse().unwrap();
        let kept: Vec<&str> = totals
            .iter()
            .filter(|(_, &n)| n >= min)
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(ca.terms_analysed, kept.len() as u64, "{by}");
        assert_eq!(ca.terms.len(), kept.len(), "{by}: --top 0 lists every term");
        let mut listed: Vec<&str> = ca.terms.iter().map(|t| t.key.as_str()).collect();
        listed.sort_unstable();
        assert_eq!(listed, kept, "{by}");
        let occurrences: u64 = kept.iter().map(|k| totals[k]).sum();
        assert_eq!(ca.occurrences, occurrences, "{by}");
        for t in &ca.terms {
            assert_eq!(t.count, totals[t.key.as_str()], "{by} {}", t.key);
        }

        let sum: f64 = ca.axes.iter().map(|a| a.eigenvalue).sum();
        assert!(
            close(sum, ca.total_inertia, 1e-5),
            "{by}: {sum} {}",
            ca.total_inertia
        );
        assert!(close(ca.axes.last().unwrap().cumulative, 1.0, 1e-5), "{by}");
        let shown = ca.groups[0].coordinates.len();
        assert_eq!(shown, ca.axes.len().min(5), "{by}");
        for a in 0..shown {
            for (side, total) in [
                (
                    "groups",
                    ca.groups.iter().map(|g| g.contributions[a]).sum::<f64>(),
                ),
                (
                    "terms",
                    ca.terms.iter().map(|t| t.contributions[a]).sum::<f64>(),
                ),
            ] {
                assert!(close(total, 1.0, 1e-4), "{by} axis {a} {side}: {total}");
            }
        }
        let inertia: f64 = ca.groups.iter().map(|g| g.inertia).sum();
        assert!(close(inertia, 1.0, 1e-5), "{by}: {inertia}");
        let mass: f64 = ca.terms.iter().map(|t| t.mass).sum();
        assert!(close(mass, 1.0, 1e-5), "{by}: {mass}");
        for a in 0..shown {
            let sigma = ca.axes[a].eigenvalue.sqrt();
            for g in &ca.groups {
                let row: Vec<(u64, f64)> = ca
                    .terms
                    .iter()
                    .map(|t| {
                        let n = counts.get(&(g.group.clone(), t.key.clone())).copied();
                        (n.unwrap_or(0), t.coordinates[a])
                    })
                    .collect();
                let total: u64 = row.iter().map(|(n, _)| n).sum();
                let bary: f64 = row
                    .iter()
                    .map(|&(n, x)| n as f64 / total as f64 * x)
                    .sum::<f64>()
                    / sigma;
                assert!(
                    (bary - g.coordinates[a]).abs() <= 1e-4 * (1.0 + g.coordinates[a].abs()),
                    "{by} {} axis {}: {bary} against {}",
                    g.group,
                    a + 1,
                    g.coordinates[a]
                );
                assert!(g.cos2.iter().sum::<f64>() <= 1.0 + 1e-5);
            }
            // The sign: the group farthest from the origin is positive.
            let far = ca
                .groups
                .iter()
                .max_by(|x, y| x.coordinates[a].abs().total_cmp(&y.coordinates[a].abs()))
                .unwrap();
            assert!(far.coordinates[a] > 0.0, "{by} axis {}", a + 1);
        }
        // Every group is analysed or left out, in the groups' order.
        let names: Vec<&str> = report.groups.iter().map(|g| g.name.as_str()).collect();
        let analysed: Vec<&str> = ca.groups.iter().map(|g| g.group.as_str()).collect();
        let mut all: Vec<&str> = analysed
            .iter()
            .copied()
            .chain(ca.groups_left_out.iter().map(String::as_str))
            .collect();
        all.sort_unstable();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(all, sorted, "{by}");
        let order: Vec<&str> = names
            .iter()
            .filter(|n| analysed.contains(n))
            .copied()
            .collect();
        assert_eq!(order, analysed, "{by}");
    }
}

/// `--top N` lists the N terms that contribute most to the first plane,
/// the same rows as with `--top 0`.
#[test]
fn top_lists_the_terms_of_the_first_plane() {
    let all = compare(&["corpus/", "--by", "parti", "--top", "0"]);
    let top = compare(&["corpus/", "--by", "parti", "--top", "7"]);
    let (all, top) = (analysis(&all), analysis(&top));
    assert_eq!(top.terms.len(), 7);
    assert_eq!(top.terms[..], all.terms[..7]);
    assert_eq!(top.groups, all.groups);
    let plane = |t: &parole::compare::CaTerm| {
        (all.axes[0].eigenvalue * t.contributions[0] + all.axes[1].eigenvalue * t.contributions[1])
            / (all.axes[0].eigenvalue + all.axes[1].eigenvalue)
    };
    for pair in all.terms.windows(2) {
        assert!(plane(&pair[0]) >= plane(&pair[1]) - 1e-6, "{pair:?}");
    }
}

/// The four CSV tables hold the JSON's figures, one row per axis, per
/// point × axis, or per pole.
#[test]
fn csv_tables_hold_the_json_figures() {
    let args = ["compare", "corpus/", "--by", "parti", "--top", "12"];
    let report = compare(&args[1..]);
    let ca = analysis(&report);
    let table = |name: &str| -> Vec<csv::StringRecord> {
        let bytes = run_ok(&[&args[..], &["--format", "csv", "--table", name]].concat());
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let header = reader.headers().unwrap().clone();
        let mut rows: Vec<csv::StringRecord> = vec![header];
        rows.extend(reader.records().map(Result::unwrap));
        rows
    };
    let number = |s: &str| s.parse::<f64>().unwrap();
    let axes = table("ca-axes");
    assert_eq!(&axes[0], vec!["axis", "eigenvalue", "share", "cumulative"]);
    assert_eq!(axes.len() - 1, ca.axes.len());
    for (row, a) in axes[1..].iter().zip(&ca.axes) {
        assert_eq!(row[0].parse::<usize>().unwrap(), a.axis);
        assert_eq!(number(&row[1]), a.eigenvalue);
        assert_eq!(number(&row[2]), a.share);
        assert_eq!(number(&row[3]), a.cumulative);
    }
    let groups = table("ca-groups");
    assert_eq!(
        &groups[0],
        vec![
            "group",
            "mass",
            "inertia",
            "axis",
            "coordinate",
            "contribution",
            "cos2"
        ]
    );
    let shown = ca.groups[0].coordinates.len();
    assert_eq!(groups.len() - 1, ca.groups.len() * shown);
    for (row, (g, a)) in groups[1..].iter().zip(
        ca.groups
            .iter()
            .flat_map(|g| (0..shown).map(move |a| (g, a))),
    ) {
        assert_eq!(&row[0], g.group);
        assert_eq!(number(&row[1]), g.mass);
        assert_eq!(row[3].parse::<usize>().unwrap(), a + 1);
        assert_eq!(number(&row[4]), g.coordinates[a]);
        assert_eq!(number(&row[5]), g.contributions[a]);
        assert_eq!(number(&row[6]), g.cos2[a]);
    }
    let poles = table("ca-poles");
    assert_eq!(
        &poles[0],
        vec![
            "axis",
            "side",
            "rank",
            "key",
            "display",
            "coordinate",
            "contribution"
        ]
    );
    let want: Vec<(usize, &str, usize, &parole::compare::CaPole)> = ca
        .poles
        .iter()
        .flat_map(|p| {
            [("negative", &p.negative), ("positive", &p.positive)]
                .into_iter()
                .flat_map(move |(side, terms)| {
                    terms
                        .iter()
                        .enumerate()
                        .map(move |(i, t)| (p.axis, side, i + 1, t))
                })
        })
        .collect();
    assert_eq!(poles.len() - 1, want.len());
    for (row, (axis, side, rank, t)) in poles[1..].iter().zip(want) {
        assert_eq!(row[0].parse::<usize>().unwrap(), axis);
        assert_eq!((&row[1], row[2].parse::<usize>().unwrap()), (side, rank));
        assert_eq!((&row[3], &row[4]), (t.key.as_str(), t.display.as_str()));
        assert_eq!(number(&row[5]), t.coordinate);
        assert_eq!(number(&row[6]), t.contribution);
    }
    let supplementary = table("ca-supplementary");
    assert_eq!(
        &supplementary[0],
        vec![
            "kind",
            "name",
            "period",
            "count",
            "axis",
            "coordinate",
            "cos2"
        ]
    );
    let want: Vec<(&parole::compare::CaSupplementary, Option<usize>)> = ca
        .supplementary
        .iter()
        .flat_map(|p| match p.coordinates.len() {
            0 => vec![(p, None)],
            n => (0..n).map(|a| (p, Some(a))).collect(),
        })
        .collect();
    assert_eq!(supplementary.len() - 1, want.len());
    for (row, (p, a)) in supplementary[1..].iter().zip(want) {
        assert_eq!((&row[0], &row[1]), (p.kind.as_str(), p.name.as_str()));
        assert_eq!(&row[2], p.period.as_deref().unwrap_or(""));
        assert_eq!(row[3].parse::<u64>().unwrap(), p.count);
        match a {
            Some(a) => {
                assert_eq!(row[4].parse::<usize>().unwrap(), a + 1);
                assert_eq!(number(&row[5]), p.coordinates[a]);
                assert_eq!(number(&row[6]), p.cos2[a]);
            }
            None => assert_eq!((&row[4], &row[5], &row[6]), ("", "", "")),
        }
    }
    let terms = table("ca-terms");
    assert_eq!(
        &terms[0],
        vec![
            "key",
            "display",
            "count",
            "mass",
            "inertia",
            "axis",
            "coordinate",
            "contribution",
            "cos2"
        ]
    );
    assert_eq!(terms.len() - 1, 12 * shown);
    for (row, (t, a)) in terms[1..].iter().zip(
        ca.terms
            .iter()
            .flat_map(|t| (0..shown).map(move |a| (t, a))),
    ) {
        assert_eq!((&row[0], &row[1]), (t.key.as_str(), t.display.as_str()));
        assert_eq!(row[2].parse::<u64>().unwrap(), t.count);
        assert_eq!(number(&row[6]), t.coordinates[a]);
    }
}

/// The text summary gives the shares of the first axes, the groups on the
/// first plane, and the terms at each end of the axes.
#[test]
fn the_text_summary_reads_the_first_plane() {
    let args = ["compare", "corpus/", "--by", "parti"];
    let report = compare(&args[1..]);
    let ca = analysis(&report);
    let text = String::from_utf8(run_ok(&[&args[..], &["--format", "text"]].concat())).unwrap();
    let section = text
        .split("\ncorrespondence analysis of ")
        .nth(1)
        .expect("a correspondence section");
    assert!(
        section.starts_with(&format!("{} terms", ca.terms_analysed)),
        "{section}"
    );
    assert!(section.contains(&format!("axis 1 {:.1} %", ca.axes[0].share * 100.0)));
    for g in &ca.groups {
        let line = section
            .lines()
            .find(|l| l.starts_with(&format!("{} ", g.group)))
            .unwrap_or_else(|| panic!("{} in {section}", g.group));
        assert!(line.contains(&format!("{:.3}", g.coordinates[0])), "{line}");
        assert!(line.contains(&format!("{:.3}", g.coordinates[1])), "{line}");
    }
    // The themes placed, below the groups, in their columns.
    let below = section
        .split("placed on the axes, taking no part in them:\n")
        .nth(1)
        .expect("the supplementary points");
    let placed: Vec<_> = ca
        .supplementary
        .iter()
        .filter(|p| !p.coordinates.is_empty())
        .collect();
    assert!(placed.len() >= 3);
    for (line, p) in below.lines().zip(&placed) {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells[..2], ["theme", p.name.as_str()], "{line}");
        let x = |s: &str| s.parse::<f64>().unwrap();
        assert!((x(cells[2]) - p.coordinates[0]).abs() <= 0.0005, "{line}");
        assert!((x(cells[3]) - p.cos2[0]).abs() <= 0.005, "{line}");
        assert!((x(cells[4]) - p.coordinates[1]).abs() <= 0.0005, "{line}");
        let header = section.lines().nth(1).unwrap();
        assert_eq!(line.len(), header.len(), "aligned: {line}");
    }
    // Each end of axes 1 and 2 lists its poles, among all the terms.
    for poles in &ca.poles[..2] {
        for (sign, side) in [("-", &poles.negative), ("+", &poles.positive)] {
            let line = section
                .lines()
                .find(|l| l.starts_with(&format!("axis {} {sign}  ", poles.axis)))
                .expect("a line per side of the axis");
            let names: Vec<&str> = side.iter().take(8).map(|t| t.display.as_str()).collect();
            assert_eq!(line[10..], names.join(", "), "{line}");
        }
    }
}

/// The poles of an axis are the terms that contribute most to it on each
/// side among all the terms analysed, whatever `--top`: with the default
/// `--top 30`, an axis's strongest terms need not be among the 30 listed.
#[test]
fn poles_are_taken_from_all_the_terms() {
    let all = compare(&["corpus/", "--by", "parti", "--top", "0"]);
    let few = compare(&["corpus/", "--by", "parti", "--top", "3"]);
    let (all, few) = (analysis(&all), analysis(&few));
    assert_eq!(few.poles, all.poles);
    assert_eq!(all.poles.len(), all.groups[0].coordinates.len());
    let mut beyond_the_list = 0;
    for poles in &all.poles {
        let a = poles.axis - 1;
        for (positive, side) in [(false, &poles.negative), (true, &poles.positive)] {
            let mut want: Vec<&parole::compare::CaTerm> = all
                .terms
                .iter()
                .filter(|t| (t.coordinates[a] > 0.0) == positive && t.coordinates[a] != 0.0)
                .collect();
            want.sort_by(|x, y| {
                y.contributions[a]
                    .total_cmp(&x.contributions[a])
                    .then_with(|| x.key.cmp(&y.key))
            });
            let want: Vec<&str> = want.iter().take(10).map(|t| t.key.as_str()).collect();
            let got: Vec<&str> = side.iter().map(|t| t.key.as_str()).collect();
            assert_eq!(got, want, "axis {} {positive}", poles.axis);
            for pole in side.iter() {
                let term = all.terms.iter().find(|t| t.key == pole.key).unwrap();
                assert_eq!(pole.coordinate, term.coordinates[a]);
                assert_eq!(pole.contribution, term.contributions[a]);
                if !few.terms.iter().any(|t| t.key == pole.key) {
                    beyond_the_list += 1;
                }
            }
        }
    }
    assert!(
        beyond_the_list > 0,
        "some poles are not among the 3 terms listed"
    );
}

/// With `FIELD:each` a document is in several groups, and its words in
/// several rows: the terms analysed are still those counted `--min-count`
/// times in the corpus, the ones keyness tests, not in the sum of the rows.
#[test]
fn overlapping_groups_keep_the_terms_keyness_tests() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.jsonl");
    std::fs::write(
        &path,
        concat!(
            r#"{"id": "1", "tags": ["a", "b"], "text": "Souveraineté, souveraineté, souveraineté et industrie."}"#,
            "\n",
            r#"{"id": "2", "tags": ["a"], "text": "Industrie, industrie, industrie, usine, usine, usine, usine."}"#,
            "\n",
            r#"{"id": "3", "tags": ["b"], "text": "Énergie, énergie, énergie, énergie, énergie, usine, usine."}"#,
            "\n",
        ),
    )
    .unwrap();
    let path = path.display().to_string();
    let report = compare(&[&path, "--by", "tags:each", "--top", "0", "--min-count", "5"]);
    let ca = analysis(&report);
    let tested: Vec<&str> = report.keyness[0]
        .rows
        .iter()
        .map(|r| r.key.as_str())
        .collect();
    let mut analysed: Vec<&str> = ca.terms.iter().map(|t| t.key.as_str()).collect();
    analysed.sort_unstable();
    let mut tested_sorted = tested.clone();
    tested_sorted.sort_unstable();
    assert_eq!(analysed, tested_sorted);
    assert_eq!(analysed.len(), 2, "{analysed:?}");
    // Three occurrences, counted in both groups: six in the rows, three in
    // the corpus, so below --min-count 5.
    assert!(!analysed.contains(&"souverainet"), "{analysed:?}");
    // A term's count is that of the rows: the usine of both groups.
    let usine = ca.terms.iter().find(|t| t.key == "usin").unwrap();
    assert_eq!(usine.count, 6);
}

/// A coordinate that is zero is written `0`, never `-0`, in the JSON, the
/// CSV and the text.
#[test]
fn no_negative_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("three.jsonl");
    std::fs::write(
        &path,
        concat!(
            r#"{"id": "1", "g": "A", "text": "Usine usine usine usine usine."}"#,
            "\n",
            r#"{"id": "2", "g": "B", "text": "Forêt forêt forêt forêt forêt."}"#,
            "\n",
            r#"{"id": "3", "g": "C", "text": "École école école école école."}"#,
            "\n",
        ),
    )
    .unwrap();
    let path = path.display().to_string();
    let args = ["compare", &path, "--by", "g", "--min-count", "1"];
    let json = String::from_utf8(run_ok(&args)).unwrap();
    let report: CompareReport = serde_json::from_str(&json).unwrap();
    let ca = analysis(&report);
    let zeros = ca
        .groups
        .iter()
        .flat_map(|g| &g.coordinates)
        .filter(|&&x| x == 0.0)
        .count();
    assert!(zeros > 0, "a coordinate of zero to check: {:?}", ca.groups);
    assert!(
        ca.groups
            .iter()
            .flat_map(|g| g.coordinates.iter().chain(&g.contributions).chain(&g.cos2))
            .all(|x| x.is_sign_positive() || *x != 0.0),
        "{json}"
    );
    for table in ["ca-groups", "ca-terms"] {
        let csv = String::from_utf8(run_ok(
            &[&args[..], &["--format", "csv", "--table", table]].concat(),
        ))
        .unwrap();
        assert!(!csv.split([',', '\n']).any(|cell| cell == "-0"), "{csv}");
    }
    let text = String::from_utf8(run_ok(&[&args[..], &["--format", "text"]].concat())).unwrap();
    assert!(!text.contains("-0.000"), "{text}");
}

/// A table with a single term left, or a single group, has no analysis:
/// null in the JSON, the CSV tables are refused with what to do, and the
/// text says why.
#[test]
fn no_analysis_without_two_groups_and_two_terms() {
    let report = compare(&["corpus/", "--by", "parti", "--min-count", "100000"]);
    assert!(report.correspondence.is_none());
    let out = run(&[
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--min-count",
        "100000",
        "--format",
        "csv",
        "--table",
        "ca-groups",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("lower --min-count"), "{stderr}");
    let text = String::from_utf8(run_ok(&[
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--min-count",
        "100000",
        "--format",
        "text",
    ]))
    .unwrap();
    assert!(
        text.ends_with(
            "\nno correspondence analysis: fewer than two groups with terms counted \
             --min-count times, or fewer than two such terms\n"
        ),
        "{text}"
    );
}

/// With a reference corpus, the groups alone are the rows: the analysis is
/// that of the same groups compared with each other, with the reference
/// placed on its axes as a supplementary row. The whole corpus as the
/// reference has the mean profile of the groups: it lies at the origin.
#[test]
fn the_reference_is_not_a_row() {
    let alone = compare(&["corpus/", "--by", "parti", "--top", "0"]);
    let with = compare(&[
        "corpus/",
        "--by",
        "parti",
        "--top",
        "0",
        "--reference",
        "corpus/",
    ]);
    let mut a = alone.correspondence.clone().unwrap();
    let mut w = with.correspondence.clone().unwrap();
    let reference = w.supplementary.pop().unwrap();
    assert_eq!(
        a.supplementary, w.supplementary,
        "the themes are placed alike"
    );
    assert!(a.supplementary.iter().all(|p| p.kind == "theme"));
    a.supplementary.clear();
    w.supplementary.clear();
    assert_eq!(a, w);
    assert_eq!(
        (reference.kind.as_str(), reference.name.as_str()),
        ("reference", "reference")
    );
    assert_eq!(reference.count, a.occurrences);
    assert_eq!(reference.coordinates.len(), a.groups[0].coordinates.len());
    for (x, cos2) in reference.coordinates.iter().zip(&reference.cos2) {
        assert_eq!((*x, *cos2), (0.0, 0.0), "{reference:?}");
    }
}

/// A reference made of one group's documents lies where that group does;
/// each theme lies at the barycentre of the groups weighted by its
/// passages in each, over √λ (the transition formula), with squared
/// cosines from its profile's χ² distance to the groups' masses.
#[test]
fn supplementary_points_follow_the_transition_formula() {
    let psp = party_files("psp");
    assert_eq!(psp.len(), 3);
    let mut args = vec!["corpus/", "--by", "parti", "--top", "0"];
    for p in &psp {
        args.extend(["--reference", p.as_str()]);
    }
    let report = compare(&args);
    let ca = analysis(&report);
    let reference = ca.supplementary.last().unwrap();
    assert_eq!(reference.kind, "reference");
    let group = ca.groups.iter().find(|g| g.group == "PSP").unwrap();
    for a in 0..group.coordinates.len() {
        assert!(
            close(reference.coordinates[a], group.coordinates[a], 1e-5),
            "axis {}: {} against {}",
            a + 1,
            reference.coordinates[a],
            group.coordinates[a]
        );
        assert!(close(reference.cos2[a], group.cos2[a], 1e-4));
    }

    let report = compare(&["corpus/", "--by", "parti", "--top", "0"]);
    let ca = analysis(&report);
    let themes: Vec<&str> = ca.supplementary.iter().map(|p| p.name.as_str()).collect();
    let lexicon: Vec<String> = report
        .theme_shares
        .iter()
        .map(|t| t.theme.clone())
        .collect();
    let mut ids: Vec<&str> = Vec::new();
    for id in &lexicon {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    assert_eq!(themes, ids, "every theme, in the lexicon's order");
    let mut placed = 0;
    for p in &ca.supplementary {
        assert_eq!(p.kind, "theme");
        let cells: Vec<(f64, &parole::compare::CaGroup)> = ca
            .groups
            .iter()
            .map(|g| {
                let n = report
                    .theme_shares
                    .iter()
                    .find(|t| t.group == g.group && t.theme == p.name)
                    .unwrap()
                    .passages;
                (n as f64, g)
            })
            .collect();
        let total: f64 = cells.iter().map(|(n, _)| n).sum();
        assert_eq!(total as u64, p.count, "{}", p.name);
        if p.count == 0 {
            assert!(p.coordinates.is_empty() && p.cos2.is_empty(), "{p:?}");
            continue;
        }
        placed += 1;
        let d2: f64 = cells
            .iter()
            .map(|(n, g)| (n / total - g.mass).powi(2) / g.mass)
            .sum();
        for (a, axis) in ca.axes.iter().enumerate().take(p.coordinates.len()) {
            let bary: f64 = cells
                .iter()
                .map(|(n, g)| n / total * g.coordinates[a])
                .sum::<f64>()
                / axis.eigenvalue.sqrt();
            assert!(
                close(bary, p.coordinates[a], 1e-5),
                "{} axis {}: {bary} against {}",
                p.name,
                a + 1,
                p.coordinates[a]
            );
            let cos2 = if d2 > 0.0 { bary * bary / d2 } else { 0.0 };
            assert!(
                close(cos2, p.cos2[a], 1e-4),
                "{} {cos2} {}",
                p.name,
                p.cos2[a]
            );
        }
    }
    assert!(placed >= 3, "{placed} themes placed");
}

/// Groups that use their terms in the same proportions have no axis: the
/// analysis says so rather than draw a plane of rounding errors.
#[test]
fn groups_alike_have_no_axis() {
    let dir = tempfile::tempdir().unwrap();
    for group in ["a", "b"] {
        std::fs::create_dir(dir.path().join(group)).unwrap();
        std::fs::write(
            dir.path().join(group).join("x.txt"),
            "La souveraineté nationale et la régulation des marchés.\n",
        )
        .unwrap();
    }
    let a = dir.path().join("a").display().to_string();
    let b = dir.path().join("b").display().to_string();
    let report = compare(&[&a, &b, "--min-count", "1"]);
    let ca = analysis(&report);
    assert_eq!(ca.terms_analysed, 4);
    assert_eq!(ca.total_inertia, 0.0);
    assert!(ca.axes.is_empty());
    assert!(ca
        .groups
        .iter()
        .all(|g| g.coordinates.is_empty() && g.inertia == 0.0));
    let text = String::from_utf8(run_ok(&[
        "compare",
        &a,
        &b,
        "--min-count",
        "1",
        "--format",
        "text",
    ]))
    .unwrap();
    assert!(
        text.ends_with(
            "correspondence analysis of 4 terms counted at least --min-count times: no axis, \
             the groups use them in the same proportions\n"
        ),
        "{text}"
    );
}

/// With `--over`, each group is placed in each period it has documents in:
/// its counts are the sum of its periods', so its point is the barycentre
/// of its periods' points weighted by their counts; the points follow the
/// groups' order, then time order, and the text lists them.
#[test]
fn a_group_is_the_barycentre_of_its_periods() {
    for (over, by) in [
        ("date:year", "parti"),
        ("date:quarter", "parti"),
        ("date:year", "type"),
    ] {
        let args = ["corpus/", "--by", by, "--over", over, "--min-count", "2"];
        let report = compare(&args);
        let ca = analysis(&report);
        let periods = &report.group_series.as_ref().unwrap().periods;
        let paths: Vec<&parole::compare::CaSupplementary> = ca
            .supplementary
            .iter()
            .filter(|p| p.kind == "period")
            .collect();
        let mut order: Vec<(usize, usize)> = Vec::new();
        for g in &ca.groups {
            let own: Vec<_> = paths.iter().filter(|p| p.name == g.group).collect();
            assert!(!own.is_empty(), "{over} {}", g.group);
            for p in &own {
                let i = report.groups.iter().position(|x| x.name == p.name).unwrap();
                let t = periods
                    .iter()
                    .position(|x| Some(x) == p.period.as_ref())
                    .unwrap();
                order.push((i, t));
            }
            let total: u64 = own.iter().map(|p| p.count).sum();
            assert!(
                close(total as f64 / ca.occurrences as f64, g.mass, 1e-5),
                "{over} {}: {total} of {}",
                g.group,
                ca.occurrences
            );
            for a in 0..g.coordinates.len() {
                let bary: f64 = own
                    .iter()
                    .filter(|p| p.count > 0)
                    .map(|p| p.count as f64 / total as f64 * p.coordinates[a])
                    .sum();
                assert!(
                    (bary - g.coordinates[a]).abs() <= 1e-5 * (1.0 + g.coordinates[a].abs()),
                    "{over} {} axis {}: {bary} against {}",
                    g.group,
                    a + 1,
                    g.coordinates[a]
                );
            }
        }
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(order, sorted, "{over}: groups' order, then time order");
        let text = String::from_utf8(run_ok(
            &[&["compare"], &args[..], &["--format", "text"]].concat(),
        ))
        .unwrap();
        for p in paths.iter().filter(|p| p.count > 0) {
            let name = format!("{} {} ", p.name, p.period.as_deref().unwrap());
            let line = text
                .lines()
                .find(|l| l.starts_with(&name))
                .unwrap_or_else(|| panic!("{name} in {text}"));
            assert!(line.contains(&format!("{:.3}", p.coordinates[0])), "{line}");
        }
    }
    // Without --over, no path.
    let report = compare(&["corpus/", "--by", "parti"]);
    assert!(analysis(&report)
        .supplementary
        .iter()
        .all(|p| p.kind == "theme" && p.period.is_none()));
}

/// `--format svg` draws the first plane: an SVG document in which every
/// group, every theme placed and, with `--over`, every group's path is
/// drawn at its coordinates, on one scale for both axes; the same
/// comparison gives the same bytes on any number of threads.
#[test]
fn the_svg_draws_the_first_plane_on_one_scale() {
    let args = [
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--over",
        "date:year",
        "--format",
        "svg",
    ];
    let svg = String::from_utf8(run_ok(&args)).unwrap();
    let report = compare(&args[1..6]);
    let ca = analysis(&report);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    // Each point is a group of a tooltip ("name: x, y") and a shape.
    let mut drawn: Vec<(String, f64, f64, f64, f64)> = Vec::new();
    for g in root.children().filter(|n| n.has_tag_name("g")) {
        let title = g.children().find(|n| n.has_tag_name("title")).unwrap();
        let shape = g
            .children()
            .find(|n| n.is_element() && !n.has_tag_name("title"))
            .unwrap();
        let (name, xy) = title.text().unwrap().rsplit_once(": ").unwrap();
        let (x, y) = xy.split_once(", ").unwrap();
        let (px, py) = match shape.tag_name().name() {
            "circle" => (
                shape.attribute("cx").unwrap(),
                shape.attribute("cy").unwrap(),
            ),
            _ => continue,
        };
        drawn.push((
            name.to_string(),
            x.parse().unwrap(),
            y.parse().unwrap(),
            px.parse().unwrap(),
            py.parse().unwrap(),
        ));
    }
    // The picture's coordinates are a + s·x and b − s·y, one s for both.
    let groups: Vec<&(String, f64, f64, f64, f64)> = ca
        .groups
        .iter()
        .map(|g| {
            let d = drawn
                .iter()
                .find(|d| d.0 == g.group)
                .expect("every group drawn");
            assert_eq!((d.1, d.2), (g.coordinates[0], g.coordinates[1]));
            d
        })
        .collect();
    let (p, q) = (groups[0], groups[2]);
    let s = (q.3 - p.3) / (q.1 - p.1);
    let (a, b) = (p.3 - s * p.1, p.4 + s * p.2);
    assert!(s > 0.0);
    for d in &drawn {
        assert!((a + s * d.1 - d.3).abs() < 0.2, "{d:?}");
        assert!(
            (b - s * d.2 - d.4).abs() < 0.2,
            "{d:?}: one scale for both axes"
        );
    }
    // Every theme placed is labelled; each group's path has its periods.
    let texts: Vec<(String, String)> = root
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            (
                n.attribute("class").unwrap_or("").to_string(),
                n.text().unwrap_or("").to_string(),
            )
        })
        .collect();
    for p in ca.supplementary.iter().filter(|p| p.kind == "theme") {
        let labelled = texts.contains(&("theme".to_string(), label(&p.name)));
        assert_eq!(labelled, !p.coordinates.is_empty(), "{}", p.name);
    }
    for g in &ca.groups {
        assert!(texts.contains(&("group".to_string(), g.group.clone())));
        let path = root
            .descendants()
            .find(|n| n.has_tag_name("polyline") && n.attribute("data-group") == Some(&g.group))
            .expect("a path per group");
        let periods = ca
            .supplementary
            .iter()
            .filter(|p| p.kind == "period" && p.name == g.group && !p.coordinates.is_empty())
            .count();
        assert_eq!(
            path.attribute("points").unwrap().split(' ').count(),
            periods
        );
    }
    let again = run_ok(&[&args[..], &["--threads", "1"]].concat());
    assert_eq!(again, svg.as_bytes());

    // Refused: a table, and a comparison with no analysis.
    let out = run(&[&args[..], &["--table", "ca-axes"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "compare",
        "corpus/",
        "--by",
        "parti",
        "--min-count",
        "1000",
        "--format",
        "svg",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no correspondence analysis to draw"), "{err}");
}

/// A term far beyond the groups is drawn at the frame's edge, in its
/// direction from the origin, as an open circle; the others where they lie.
#[test]
fn the_svg_draws_far_terms_at_the_edge() {
    let args = [
        "compare",
        "corpus/",
        "--by",
        "type",
        "--min-count",
        "2",
        "--format",
        "svg",
    ];
    let svg = String::from_utf8(run_ok(&args)).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let root = doc.root_element();
    let report = compare(&args[1..6]);
    let ca = analysis(&report);
    let mut points: Vec<(f64, f64, f64, f64, bool)> = Vec::new();
    for g in root.children().filter(|n| n.has_tag_name("g")) {
        let title = g.children().find(|n| n.has_tag_name("title")).unwrap();
        let Some(c) = g.children().find(|n| n.has_tag_name("circle")) else {
            continue;
        };
        let (_, xy) = title.text().unwrap().rsplit_once(": ").unwrap();
        let (x, y) = xy.split_once(", ").unwrap();
        points.push((
            x.parse().unwrap(),
            y.parse().unwrap(),
            c.attribute("cx").unwrap().parse().unwrap(),
            c.attribute("cy").unwrap().parse().unwrap(),
            c.attribute("fill") == Some("none"),
        ));
    }
    let beyond: Vec<_> = points.iter().filter(|p| p.4).collect();
    assert!(!beyond.is_empty(), "a term drawn at the edge");
    // The scale, from two groups (filled circles of the groups' figures).
    let at = |g: &parole::compare::CaGroup| {
        *points
            .iter()
            .find(|p| (p.0, p.1) == (g.coordinates[0], g.coordinates[1]) && !p.4)
            .unwrap()
    };
    let (p, q) = (at(&ca.groups[0]), at(&ca.groups[1]));
    let s = (q.2 - p.2) / (q.0 - p.0);
    let (a, b) = (p.2 - s * p.0, p.3 + s * p.1);
    for p in points.iter().filter(|p| !p.4) {
        assert!((a + s * p.0 - p.2).abs() < 0.2 && (b - s * p.1 - p.3).abs() < 0.2);
    }
    for p in beyond {
        // t·(x, y) with 0 < t < 1: on the ray from the origin, short of
        // the point.
        let (dx, dy) = ((p.2 - a) / s, (b - p.3) / s);
        let t = if p.0.abs() > p.1.abs() {
            dx / p.0
        } else {
            dy / p.1
        };
        assert!(t > 0.0 && t < 1.0, "{p:?} {t}");
        assert!(
            (dx - t * p.0).abs() < 0.2 / s && (dy - t * p.1).abs() < 0.2 / s,
            "{p:?}"
        );
    }
}

/// With a date grouping, the groups are periods: one path joins them in
/// time order, through each group's point; the legend names only what is
/// drawn.
#[test]
fn the_svg_joins_periods_in_time_order() {
    let args = [
        "compare",
        "corpus/",
        "--by",
        "date:quarter",
        "--min-count",
        "3",
        "--format",
        "svg",
    ];
    let svg = String::from_utf8(run_ok(&args)).unwrap();
    let report = compare(&args[1..6]);
    let ca = analysis(&report);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let paths: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .collect();
    assert_eq!(paths.len(), 1);
    let points: Vec<(f64, f64)> = paths[0]
        .attribute("points")
        .unwrap()
        .split(' ')
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert_eq!(points.len(), ca.groups.len());
    // Each vertex is its group's point, in the groups' (time) order.
    for (g, (x, y)) in ca.groups.iter().zip(&points) {
        let title = format!("{}: {}, {}", g.group, g.coordinates[0], g.coordinates[1]);
        let point = doc
            .descendants()
            .find(|n| n.has_tag_name("title") && n.text() == Some(title.as_str()))
            .and_then(|t| t.next_sibling_element())
            .expect("the group's point");
        let cx: f64 = point.attribute("cx").unwrap().parse().unwrap();
        let cy: f64 = point.attribute("cy").unwrap().parse().unwrap();
        assert!(
            (cx - x).abs() < 0.11 && (cy - y).abs() < 0.11,
            "{}",
            g.group
        );
    }
    assert!(svg.contains("blue: the periods, joined in time order"));
    assert!(!svg.contains("each group over the periods"));
    assert!(!svg.contains("red, the reference"));
}

/// `--format svg --table series` charts the core themes' shares over the
/// periods: with a date grouping, the corpus's share with its interval;
/// with `--over`, one line per group and the corpus. Each point's tooltip
/// is its share in the JSON, and points sit on one scale per panel.
#[test]
fn the_svg_charts_theme_shares_over_time() {
    let args = ["compare", "corpus/", "--by", "date:quarter"];
    let report = compare(&args[1..]);
    let series = report.time_series.as_ref().unwrap();
    let svg = String::from_utf8(run_ok(
        &[&args[..], &["--format", "svg", "--table", "series"]].concat(),
    ))
    .unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let panels: Vec<&str> = classed(&doc, "panel");
    let core = ["souverainete", "regulation", "ecologie"];
    assert_eq!(panels, core.map(label), "the core themes, by their labels");
    assert_eq!(
        doc.descendants()
            .filter(|n| n.attribute("class") == Some("interval"))
            .count(),
        3
    );
    // (line, period) → (share in %, cy) from the tooltips.
    let points = |doc: &roxmltree::Document| -> Vec<(String, f64, f64)> {
        doc.descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|t| {
                let c = t.next_sibling_element()?;
                let (name, pct) = t.text()?.rsplit_once(": ")?;
                // A share's interval follows it in brackets.
                let pct = pct.split(" (").next()?;
                Some((
                    name.to_string(),
                    pct.trim_end_matches(" %").parse().ok()?,
                    c.attribute("cy")?.parse().ok()?,
                ))
            })
            .collect()
    };
    let drawn = points(&doc);
    let mut want = Vec::new();
    for id in core {
        let t = series.themes.iter().find(|t| t.theme == id).unwrap();
        for (p, period) in series.periods.iter().enumerate() {
            let n = report.groups[p].passages;
            if n > 0 {
                // Rounded once, from the counts.
                let share = t.passages[p] as f64 * 100.0 / n as f64;
                want.push((format!("corpus {period}"), (share * 10.0).round() / 10.0));
            }
        }
    }
    let got: Vec<(String, f64)> = drawn.iter().map(|(n, s, _)| (n.clone(), *s)).collect();
    assert_eq!(got, want);
    // Within a panel, cy = a − b·share.
    for panel in drawn.chunks(series.periods.len()) {
        let (p, q) = (&panel[0], panel.iter().find(|x| x.1 != panel[0].1).unwrap());
        let b = (p.2 - q.2) / (q.1 - p.1);
        for x in panel {
            assert!((p.2 - b * (x.1 - p.1) - x.2).abs() < 0.6, "{x:?}");
        }
    }

    let args = ["compare", "corpus/", "--by", "parti", "--over", "date:year"];
    let report = compare(&args[1..]);
    let series = report.group_series.as_ref().unwrap();
    let svg = String::from_utf8(run_ok(
        &[&args[..], &["--format", "svg", "--table", "series"]].concat(),
    ))
    .unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let drawn = points(&doc);
    for g in series.groups.iter().chain([&series.all]) {
        for (p, period) in series.periods.iter().enumerate() {
            let name = format!("{} {period}", g.group);
            let n = drawn.iter().filter(|d| d.0 == name).count();
            // One point per core theme where the group has passages.
            assert_eq!(n, if g.passages[p] > 0 { 3 } else { 0 }, "{name}");
        }
        let lines = doc
            .descendants()
            .filter(|n| n.attribute("data-line") == Some(g.group.as_str()))
            .count();
        assert!(lines >= 3, "{}", g.group);
    }

    // --only-themes picks the themes charted, core or not.
    let svg = String::from_utf8(run_ok(&[
        "compare",
        "corpus/",
        "--by",
        "date:quarter",
        "--only-themes",
        "sante,ecologie",
        "--format",
        "svg",
        "--table",
        "series",
    ]))
    .unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let panels: Vec<&str> = classed(&doc, "panel");
    assert_eq!(
        panels,
        ["ecologie", "sante"].map(label),
        "in the lexicon's order"
    );

    // Refused: another table, and a series without periods.
    let out = run(&[
        "compare", "corpus/", "--by", "parti", "--format", "svg", "--table", "keyness",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "compare", "corpus/", "--by", "parti", "--format", "svg", "--table", "series",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--table series needs periods"));
}

/// Each share's tooltip gives its 95 % interval and passages, as the JSON
/// has them; a share whose interval is wider than 20 points is hollow, the
/// others filled, and the note says what hollow means.
#[test]
fn the_series_chart_marks_the_shares_too_uncertain_to_read_alone() {
    let args = ["compare", "corpus/", "--by", "parti", "--over", "date:year"];
    let report = compare(&args[1..]);
    let series = report.group_series.as_ref().unwrap();
    let svg = String::from_utf8(run_ok(
        &[&args[..], &["--format", "svg", "--table", "series"]].concat(),
    ))
    .unwrap();
    assert!(svg.contains("hollow points: 95 % interval wider than 20 points"));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    // A share in percent to one decimal, as the chart writes it.
    let round = |x: f64| (x * 100.0 * 10.0).round() / 10.0;
    let (mut hollow, mut filled) = (0, 0);
    for title in doc.descendants().filter(|n| n.has_tag_name("title")) {
        let Some(circle) = title
            .next_sibling_element()
            .filter(|c| c.has_tag_name("circle"))
        else {
            continue;
        };
        let text = title.text().unwrap();
        let (name, rest) = text.rsplit_once(": ").unwrap();
        let (group, period) = name.rsplit_once(' ').unwrap();
        let g = series
            .groups
            .iter()
            .chain([&series.all])
            .find(|g| g.group == group)
            .unwrap();
        let p = series.periods.iter().position(|x| x == period).unwrap();
        let share: f64 = rest.split(" %").next().unwrap().parse().unwrap();
        // Each figure rounded once, from the counts.
        let n = g.passages[p];
        let figures = |with: u64| {
            let (low, high) = parole::stats::wilson_interval(with, n);
            let share = with as f64 * 100.0 / n as f64;
            ((share * 10.0).round() / 10.0, low, high)
        };
        let (_, low, high) = g
            .themes
            .iter()
            .map(|t| figures(t.passages[p]))
            .find(|&(s, _, high)| s == share && rest.contains(&format!("{} %", round(high))))
            .unwrap_or_else(|| panic!("{text}"));
        let plural = if n == 1 { "" } else { "s" };
        let detail = format!(
            " (95 % interval {}–{} %, {n} passage{plural})",
            round(low),
            round(high)
        );
        assert!(rest.ends_with(&detail), "{text} / {detail}");
        let uncertain = (high - low) * 100.0 > 20.0;
        assert_eq!(
            circle.attribute("class") == Some("uncertain"),
            uncertain,
            "{text}"
        );
        assert_eq!(
            circle.attribute("fill") == Some("#ffffff"),
            uncertain,
            "{text}"
        );
        if uncertain {
            hollow += 1;
        } else {
            filled += 1;
        }
    }
    // The bundled corpus has few passages a year per party, and the corpus
    // many: both kinds are drawn.
    assert!(hollow > 0 && filled > 0, "{hollow} {filled}");
}

/// With more groups than a chart can tell apart, the chart of `--over`
/// draws the twelve with the most passages, and says so.
#[test]
fn the_series_chart_draws_the_groups_with_most_passages() {
    let Some(shared) = crate::common::shared() else {
        return;
    };
    let statements = shared.join("corpora/viepublique_2020");
    let statements = statements.to_str().unwrap();
    let args = [
        "compare",
        statements,
        "--by",
        "tags:each",
        "--over",
        "date:month",
        "-q",
        "--allow-skipped",
    ];
    let report = compare(&args[1..]);
    let series = report.group_series.as_ref().unwrap();
    assert!(series.groups.len() > 12);
    let svg = String::from_utf8(run_ok(
        &[&args[..], &["--format", "svg", "--table", "series"]].concat(),
    ))
    .unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let legend: Vec<&str> = classed(&doc, "legend");
    let mut ranked: Vec<(u64, usize)> = series
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let dated = g
                .passages
                .iter()
                .zip(&series.periods)
                .filter(|(_, p)| *p != "(none)")
                .map(|(n, _)| n)
                .sum::<u64>();
            (dated, i)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut most: Vec<usize> = ranked[..12].iter().map(|r| r.1).collect();
    most.sort_unstable();
    let want: Vec<&str> = most
        .iter()
        .map(|&i| series.groups[i].group.as_str())
        .chain(["(all)"])
        .collect();
    assert_eq!(legend, want);
    assert!(svg.contains(&format!(
        "the 12 groups with the most dated passages, of {}",
        series.groups.len()
    )));
}

/// The picture of a comparison with `--over` where some documents have no
/// date, a group seen in one period only, a group name holding a character
/// XML forbids, and one too long to show: the undated period is on no
/// path, the group of one period has none, each group shares its path's
/// colour, the document is well-formed, and the long name is cut (whole in
/// its tooltip).
#[test]
fn the_svg_paths_and_labels_of_awkward_groups() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("d.jsonl");
    let long = "Groupe de la gauche démocrate, sociale, écologiste et européenne des territoires";
    let mut lines = String::new();
    let texts = [
        "La souveraineté industrielle exige des usines en France et des emplois.",
        "La transition écologique protège le climat, les forêts et les rivières.",
        "Le marché numérique demande une régulation des plateformes et des données.",
        "Les agriculteurs veulent des prix justes et des revenus pour les fermes.",
    ];
    for (i, (group, date)) in [
        ("A", Some("2023-03-01")),
        ("A", Some("2024-03-01")),
        ("A", None),
        ("B", Some("2023-05-01")),
        ("B", Some("2024-05-01")),
        ("C\u{fffe}", Some("2024-06-01")),
        (long, Some("2023-06-01")),
        (long, Some("2024-06-01")),
    ]
    .into_iter()
    .enumerate()
    {
        let text = format!("{} {}", texts[i % 4], texts[(i + 1) % 4]);
        let mut doc = serde_json::json!({"id": format!("d{i}"), "text": text, "groupe": group});
        if let Some(date) = date {
            doc["date"] = date.into();
        }
        lines += &format!("{doc}\n");
    }
    std::fs::write(&docs, lines).unwrap();
    let docs = docs.to_str().unwrap();
    let args = [
        "compare",
        docs,
        "--by",
        "groupe",
        "--over",
        "date:year",
        "--min-count",
        "1",
        "-q",
    ];
    let report = compare(&args[1..]);
    let ca = analysis(&report);
    let out = run(&[&args[..], &["--format", "svg"]].concat());
    let svg = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let path = |group: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("polyline") && n.attribute("data-group") == Some(group))
    };
    // A: 2023 and 2024 on its path, its undated documents drawn apart.
    let a = path("A").expect("a path for A");
    assert_eq!(a.attribute("points").unwrap().split(' ').count(), 2);
    assert!(ca
        .supplementary
        .iter()
        .any(|p| p.name == "A" && p.period.as_deref() == Some("(none)") && p.count > 0));
    // C, seen in 2024 only: no path.
    assert!(path("C\u{fffe}").is_none());
    // The group's point has the colour of its path.
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title") && n.text().is_some_and(|t| t.starts_with("A: ")))
        .unwrap();
    let fill = title
        .next_sibling_element()
        .unwrap()
        .attribute("fill")
        .unwrap();
    assert_eq!(Some(fill), a.attribute("stroke"));
    // Names: escaped, and cut when long.
    let labels: Vec<&str> = classed(&doc, "group");
    assert!(labels.contains(&"C\\u{fffe}"), "{labels:?}");
    let cut: String = long.chars().take(39).chain(['…']).collect();
    assert!(labels.contains(&cut.as_str()), "{labels:?}");
    assert!(doc
        .descendants()
        .any(|n| n.has_tag_name("title") && n.text().is_some_and(|t| t.starts_with(long))));
    // The text summary says which points have no place.
    let text = String::from_utf8(run_ok(&[&args[..], &["--format", "text"]].concat())).unwrap();
    let unplaced: Vec<String> = ca
        .supplementary
        .iter()
        .filter(|p| p.coordinates.is_empty() && p.kind == "theme")
        .map(|p| format!("theme {}", p.name))
        .collect();
    assert!(!unplaced.is_empty());
    let line = text
        .lines()
        .find(|l| l.starts_with("not placed"))
        .expect("a line");
    for name in unplaced {
        assert!(line.contains(&name), "{line}");
    }
}

/// With more than 30 groups, a group's label that finds no room is left
/// out, as a term's is, and the picture says how many labels it left out.
#[test]
fn the_svg_thins_the_labels_of_many_groups() {
    let Some(shared) = crate::common::shared() else {
        return;
    };
    let statements = shared.join("corpora/viepublique_2020");
    let statements = statements.to_str().unwrap();
    let args = [
        "compare",
        statements,
        "--by",
        "tags:each",
        "-q",
        "--allow-skipped",
    ];
    let report = compare(&args[1..]);
    let ca = analysis(&report);
    assert!(ca.groups.len() > 30);
    let svg = String::from_utf8(run_ok(&[&args[..], &["--format", "svg"]].concat())).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let groups = classed(&doc, "group").len();
    assert!(groups < ca.groups.len(), "{groups} labels");
    let note = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("unlabelled"))
        .expect("a note")
        .text()
        .unwrap();
    let n: usize = note.split(' ').next().unwrap().parse().unwrap();
    assert!(n >= ca.groups.len() - groups, "{note}");

    // With --top 0, the 150 terms that contribute most are drawn, and the
    // picture says of how many.
    let args = [
        "compare",
        statements,
        "--by",
        "date:month",
        "--top",
        "0",
        "-q",
        "--allow-skipped",
    ];
    let report = compare(&args[1..]);
    let ca = analysis(&report);
    assert!(ca.terms.len() > 150);
    let svg = String::from_utf8(run_ok(&[&args[..], &["--format", "svg"]].concat())).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let drawn: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .map(|n| n.text().unwrap().rsplit_once(": ").unwrap().0)
        .collect();
    for (i, t) in ca.terms.iter().enumerate() {
        assert_eq!(
            drawn.contains(&t.display.as_str()),
            i < 150,
            "{}",
            t.display
        );
    }
    let note = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("terms-left-out"))
        .expect("a note");
    assert_eq!(
        note.text().unwrap(),
        format!(
            "the 150 terms that contribute most, of the {} listed",
            ca.terms.len()
        )
    );
}

/// A single group compared with a reference has no map, and the error says
/// why rather than advise a lower --min-count.
#[test]
fn a_single_group_has_no_map() {
    let out = run(&[
        "compare",
        "corpus/",
        "--reference",
        "corpus/",
        "--format",
        "svg",
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("a single group; compare two groups or more"),
        "{err}"
    );
}

/// The chart's awkward cases: a period alone between empty ones shows its
/// interval as a bar; a single period is drawn in the middle; a group
/// equal to the corpus stays in sight (the corpus is drawn first); a run
/// of one period has a point, not a one-point line; a long name is cut in
/// the legend; a group with no dated document has no line.
#[test]
fn the_series_chart_of_awkward_periods() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("d.jsonl");
    let long = "Groupe de la gauche démocrate, sociale et écologiste des territoires";
    let text = "La transition écologique protège le climat. La souveraineté industrielle compte.";
    let mut lines = String::new();
    for (i, (group, date)) in [
        ("A", Some("2020-01-10")),
        ("A", Some("2022-01-10")),
        ("A", Some("2022-02-10")),
        (long, Some("2022-01-10")),
        ("Sans date", None),
    ]
    .into_iter()
    .enumerate()
    {
        let mut doc = serde_json::json!({"id": format!("d{i}"), "text": text, "groupe": group});
        if let Some(date) = date {
            doc["date"] = date.into();
        }
        lines += &format!("{doc}\n");
    }
    std::fs::write(&docs, lines).unwrap();
    let docs = docs.to_str().unwrap();
    let chart = |args: &[&str]| -> String {
        let all = [
            &["compare", docs, "-q"],
            args,
            &["--format", "svg", "--table", "series"],
        ]
        .concat();
        String::from_utf8(run_ok(&all)).unwrap()
    };

    // By year: 2020, 2021 (empty), 2022; 2020 alone between the edge and
    // an empty year.
    let svg = chart(&["--by", "date:year"]);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let bars = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("class") == Some("interval"))
        .count();
    assert_eq!(
        bars,
        3 * 2,
        "2020 and 2022, each alone, in each of the three panels"
    );
    assert!(doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .all(|n| n.attribute("points").unwrap().split(' ').count() >= 2));
    assert!(!svg.contains("stroke-dasharray=\"\""));

    // Over months: the corpus (all) is drawn before the groups.
    let svg = chart(&["--by", "groupe", "--over", "date:month"]);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    let first_all = titles
        .iter()
        .position(|t| t.starts_with("(all) 2022-01"))
        .unwrap();
    let first_a = titles
        .iter()
        .position(|t| t.starts_with("A 2022-01"))
        .unwrap();
    assert!(first_all < first_a, "{titles:?}");
    let legend: Vec<&str> = classed(&doc, "legend");
    let cut: String = long.chars().take(33).chain(['…']).collect();
    assert_eq!(
        legend,
        ["A", cut.as_str(), "(all)"],
        "no line for the undated group"
    );
    assert!(svg.contains("the 2 groups with the most dated passages, of 3"));

    // A single period: in the middle, and "1 period".
    let svg = chart(&[
        "--by",
        "groupe",
        "--over",
        "date:year",
        "--where",
        "date>=2022",
    ]);
    assert!(svg.contains("Theme shares over 1 period<"), "{svg}");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    for c in doc.descendants().filter(|n| n.has_tag_name("circle")) {
        let x: f64 = c.attribute("cx").unwrap().parse().unwrap();
        assert!((x - (70.0 + (1200.0 - 120.0) / 2.0)).abs() < 0.1, "{x}");
    }
}

/// `--terms` add a panel each to the chart: the query's rate per 10,000
/// content tokens per period, as the JSON gives it, with and without
/// `--over`.
#[test]
fn the_series_chart_has_a_panel_per_term() {
    let terms = "souveraineté,transition écologique";
    for args in [
        vec!["corpus/", "--by", "date:quarter", "--terms", terms],
        vec![
            "corpus/",
            "--by",
            "parti",
            "--over",
            "date:year",
            "--terms",
            terms,
        ],
    ] {
        let report = compare(&args);
        let chart = [
            &["compare"],
            &args[..],
            &["--format", "svg", "--table", "series"],
        ]
        .concat();
        let svg = String::from_utf8(run_ok(&chart)).unwrap();
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let panels: Vec<&str> = classed(&doc, "panel");
        assert_eq!(
            panels,
            [
                label("souverainete"),
                label("regulation"),
                label("ecologie"),
                "souveraineté (per 10,000 content tokens)".to_string(),
                "transition écologique (per 10,000 content tokens)".to_string()
            ]
        );
        assert!(svg.contains("Theme shares and term rates over"));
        let titles: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .filter(|t| t.ends_with(" per 10,000"))
            .collect();
        // (line, series of rates, content tokens per period)
        let lines: Vec<(String, Vec<f64>, Vec<u64>)> =
            match (&report.time_series, &report.group_series) {
                (Some(series), _) => series
                    .terms
                    .iter()
                    .map(|t| {
                        let tokens = report.groups.iter().map(|g| g.content_tokens).collect();
                        ("corpus".to_string(), t.per_10k.clone(), tokens)
                    })
                    .collect(),
                (None, Some(series)) => series
                    .groups
                    .iter()
                    .chain([&series.all])
                    .flat_map(|g| {
                        g.terms
                            .iter()
                            .map(|t| (g.group.clone(), t.per_10k.clone(), g.content_tokens.clone()))
                    })
                    .collect(),
                _ => unreachable!(),
            };
        let periods = match (&report.time_series, &report.group_series) {
            (Some(s), _) => s.periods.clone(),
            (_, Some(s)) => s.periods.clone(),
            _ => unreachable!(),
        };
        let mut want: Vec<String> = Vec::new();
        for (name, rates, tokens) in &lines {
            for (p, period) in periods.iter().enumerate() {
                if tokens[p] > 0 && period != "(none)" {
                    let v = (rates[p] * 10.0).round() / 10.0 + 0.0;
                    want.push(format!("{name} {period}: {v} per 10,000"));
                }
            }
        }
        let mut got: Vec<&str> = titles.clone();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want);
    }
}

/// `--ca-min-passages N`: the groups of fewer than N passages take no part
/// in the axes (the analysis of the others is that of a comparison without
/// them: with `--min-count 1`, the same terms), and each is placed as a
/// supplementary row, after the themes and before the reference, where a
/// reference of its documents lies; none is in `groups_left_out`.
#[test]
fn small_groups_are_supplementary_rows() {
    let adt = party_files("adt");
    assert_eq!(adt.len(), 2);
    let base = ["corpus/", "--by", "parti", "--top", "0", "--min-count", "1"];
    let mut args = base.to_vec();
    args.extend(["--ca-min-passages", "23"]);
    for p in &adt {
        args.extend(["--reference", p.as_str()]);
    }
    let report = compare(&args);
    assert_eq!(report.config.options.ca_min_passages, 23);
    let adt_passages = report.groups.iter().find(|g| g.name == "ADT").unwrap();
    assert_eq!(adt_passages.passages, 22, "the only group under 23");
    let ca = analysis(&report);
    let names: Vec<&str> = ca.groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(names, ["LES", "MAC", "PSP", "URS"]);
    assert!(ca.groups_left_out.is_empty());
    let kinds: Vec<&str> = ca
        .supplementary
        .iter()
        .map(|p| p.kind.as_str())
        .filter(|k| *k != "theme")
        .collect();
    assert_eq!(kinds, ["group", "reference"]);
    let small = ca.supplementary.iter().find(|p| p.kind == "group").unwrap();
    let reference = ca.supplementary.last().unwrap();
    assert_eq!((small.name.as_str(), small.period.as_ref()), ("ADT", None));
    assert!(small.count > 0);
    assert_eq!(small.count, reference.count);
    assert_eq!(small.coordinates.len(), ca.groups[0].coordinates.len());
    for a in 0..small.coordinates.len() {
        assert!(close(small.coordinates[a], reference.coordinates[a], 1e-9));
        assert!(close(small.cos2[a], reference.cos2[a], 1e-9));
    }

    // The axes and groups of a comparison without ADT.
    let without = compare(&[&base[..], &["--where", "parti!=ADT"]].concat());
    let other = analysis(&without);
    assert_eq!(ca.axes, other.axes);
    assert_eq!(ca.groups, other.groups);
    assert_eq!(ca.terms_analysed, other.terms_analysed);
    // Without the option, ADT takes part.
    let every = compare(&base);
    assert_eq!(analysis(&every).groups.len(), 5);
    assert!(analysis(&every)
        .supplementary
        .iter()
        .all(|p| p.kind == "theme"));

    // The text lists it with the points placed; the CSV table has its rows.
    let text = String::from_utf8(run_ok(
        &[&["compare"], &args[..], &["--format", "text"]].concat(),
    ))
    .unwrap();
    let placed = text
        .split("placed on the axes, taking no part in them:")
        .nth(1)
        .unwrap();
    assert!(
        placed.lines().any(|l| l.starts_with("ADT (22 passages) ")),
        "{text}"
    );
    let csv = String::from_utf8(run_ok(
        &[
            &["compare"],
            &args[..],
            &["--format", "csv", "--table", "ca-supplementary"],
        ]
        .concat(),
    ))
    .unwrap();
    let rows = csv.lines().filter(|l| l.starts_with("group,ADT,,")).count();
    assert_eq!(rows, small.coordinates.len(), "{csv}");
    // The picture draws it as a ring, labelled apart from the groups.
    let svg = String::from_utf8(run_ok(
        &[&["compare"], &args[..], &["--format", "svg"]].concat(),
    ))
    .unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(classed(&doc, "small-group"), ["ADT"]);
    assert_eq!(classed(&doc, "group"), ["LES", "MAC", "PSP", "URS"]);
    assert!(svg.contains("rings, the groups of fewer than 23 passages"));

    // With a date grouping, a small period stays on the path through the
    // periods, in time order.
    let by_quarter = ["corpus/", "--by", "date:quarter", "--min-count", "1"];
    let quarters = compare(&by_quarter);
    let smallest = quarters.groups.iter().map(|g| g.passages).min().unwrap();
    let limit = (smallest + 1).to_string();
    let args = [&by_quarter[..], &["--ca-min-passages", limit.as_str()]].concat();
    let report = compare(&args);
    let ca = analysis(&report);
    assert!(ca.supplementary.iter().any(|p| p.kind == "group"));
    let svg = String::from_utf8(run_ok(
        &[&["compare"], &args[..], &["--format", "svg"]].concat(),
    ))
    .unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let path = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("path"))
        .expect("the path through the periods");
    let vertices = path.attribute("points").unwrap().split_whitespace().count();
    assert_eq!(vertices, quarters.groups.len(), "{svg}");

    // With no two groups that large, there is no analysis, and the
    // message says which option to lower.
    let none = compare(&[&base[..], &["--ca-min-passages", "31"]].concat());
    assert!(none.correspondence.is_none());
    let refused = run(&[
        &["compare"],
        &base[..],
        &[
            "--ca-min-passages",
            "31",
            "--format",
            "csv",
            "--table",
            "ca-axes",
        ],
    ]
    .concat());
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("a single group of at least --ca-min-passages 31 passages")
            && stderr.contains("lower --ca-min-passages"),
        "{stderr}"
    );
}

/// A group of a few passages whose words no other group uses makes an axis
/// of its own: the text summary says so and names the option that places
/// it on the axes without its taking part in them.
#[test]
fn the_text_summary_names_a_small_group_that_makes_an_axis() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("groups.jsonl");
    let mut lines = String::new();
    let texts = [
        (
            "A",
            "Le gouvernement agit pour la France et pour l'industrie.",
        ),
        (
            "B",
            "Le gouvernement agit pour la France et pour le climat.",
        ),
        (
            "C",
            "Le gouvernement agit pour la France et pour le numérique.",
        ),
    ];
    for k in 0..60 {
        let (group, text) = texts[k % 3];
        let variant = ["", " Nous agirons.", " Nous le ferons."][k % 2];
        lines.push_str(&format!(
            "{{\"id\": \"{k}\", \"g\": \"{group}\", \"text\": \"{text}{variant}\\n{text}\"}}\n"
        ));
    }
    lines.push_str(
        "{\"id\": \"x\", \"g\": \"X\", \"text\": \"Pêcheurs, chalutiers, pêcheurs, chalutiers, le gouvernement.\"}\n",
    );
    std::fs::write(&path, lines).unwrap();
    let path = path.display().to_string();
    let args = [
        path.as_str(),
        "--by",
        "g",
        "--min-count",
        "1",
        "--format",
        "text",
    ];
    let text = String::from_utf8(run_ok(&[&["compare"], &args[..]].concat())).unwrap();
    let hint = text
        .lines()
        .find(|l| l.starts_with("X (1 passage) makes "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        hint.ends_with(
            ": --ca-min-passages 2 places the groups of fewer passages on the axes without \
             their taking part in them"
        ),
        "{hint}"
    );
    // With it, X is placed by the one term it shares with the others, and
    // nothing is said.
    let text = String::from_utf8(run_ok(
        &[&["compare"], &args[..], &["--ca-min-passages", "2"]].concat(),
    ))
    .unwrap();
    assert!(!text.contains("makes"), "{text}");
    let placed = text
        .split("placed on the axes, taking no part in them:")
        .nth(1)
        .unwrap();
    assert!(
        placed.lines().any(|l| l.starts_with("X (1 passage) ")),
        "{text}"
    );
}

/// The limit of [`parole::compare::CA_MAX_GROUPS`] counts the groups taking
/// part: a thousand one-passage groups placed as supplementary points do
/// not stop the analysis of the others.
#[test]
fn the_group_limit_counts_the_groups_taking_part() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    let mut lines = String::new();
    for (k, text) in [
        "La souveraineté industrielle et l'industrie.\nLa souveraineté et l'usine.",
        "La transition écologique et le climat.\nLe climat et la planète.",
        "Le numérique et les données.\nLes données et le numérique.",
    ]
    .iter()
    .enumerate()
    {
        lines.push_str(&format!(
            "{{\"id\": \"big{k}\", \"g\": \"big{k}\", \"text\": {}}}\n",
            serde_json::to_string(text).unwrap()
        ));
    }
    let words = ["climat", "usine", "données"];
    for k in 0..parole::compare::CA_MAX_GROUPS {
        lines.push_str(&format!(
            "{{\"id\": \"s{k}\", \"g\": \"s{k:04}\", \"text\": \"Le {} et la souveraineté.\"}}\n",
            words[k % 3]
        ));
    }
    std::fs::write(&path, lines).unwrap();
    let path = path.display().to_string();
    let args = [path.as_str(), "--by", "g", "--min-count", "1", "--top", "5"];
    let every = compare(&args);
    assert!(every.correspondence.is_none(), "more than the limit");
    let report = compare(&[&args[..], &["--ca-min-passages", "2"]].concat());
    let ca = analysis(&report);
    assert_eq!(ca.groups.len(), 3);
    let small = ca
        .supplementary
        .iter()
        .filter(|p| p.kind == "group")
        .count();
    assert_eq!(small, parole::compare::CA_MAX_GROUPS);
}

/// A case of [`the_text_summary_rounds_each_figure_once`].
struct Case {
    /// Per group A, B, C…: its counts of three words.
    groups: &'static [[usize; 3]],
    /// A line the text must have.
    line: &'static str,
    /// And the picture, when it shows the figure.
    drawn: Option<&'static str>,
    /// The JSON's figure that would give another, and where it is.
    pointer: &'static str,
    rounded: f64,
}

/// The text summary rounds each figure of the analysis once, from the
/// unrounded analysis, and so do the titles of the SVG picture: the JSON's,
/// rounded to 6 significant digits, then rounded again to 3 or 4 decimals,
/// would move the last digit of these.
#[test]
fn the_text_summary_rounds_each_figure_once() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("groups.jsonl");
    let corpus = corpus.to_str().unwrap();
    let cases = [
        // phi2 0.1709504…: 0.1710, not 0.170950 then 0.1709.
        Case {
            groups: &[[7, 1, 0], [6, 7, 0]],
            line: "(phi2 0.1710)",
            drawn: Some("(phi2 0.1710)"),
            pointer: "/correspondence/total_inertia",
            rounded: 0.17095,
        },
        // A coordinate of 0.2964997…: 0.296, not 0.296500 then 0.297.
        Case {
            groups: &[[6, 3, 0], [8, 10, 0]],
            line: "\nA         0.296   1.00\n",
            drawn: None,
            pointer: "/correspondence/groups/0/coordinates/0",
            rounded: 0.2965,
        },
        // A share of axis 2 of 0.1035002…: 10.4 %, not 0.103500 then 10.3.
        Case {
            groups: &[[1, 8, 2], [10, 2, 4], [15, 6, 15]],
            line: "axis 2 10.4 %",
            drawn: Some("axis 2 (10.4 %)"),
            pointer: "/correspondence/axes/1/share",
            rounded: 0.1035,
        },
        // A squared cosine of 0.9049998…: 0.90, not 0.905000 then 0.91.
        Case {
            groups: &[[15, 10, 1], [10, 13, 8], [14, 4, 11]],
            line: "\nC        -0.418   0.90",
            drawn: None,
            pointer: "/correspondence/groups/2/cos2/0",
            rounded: 0.905,
        },
    ];
    for Case {
        groups,
        line,
        drawn,
        pointer,
        rounded,
    } in cases
    {
        let lines: String = groups
            .iter()
            .enumerate()
            .map(|(i, counts)| {
                let words: Vec<&str> = ["climat", "maison", "route"]
                    .iter()
                    .zip(counts)
                    .flat_map(|(w, &n)| std::iter::repeat(*w).take(n))
                    .collect();
                let group = char::from(b'A' + i as u8);
                format!(
                    "{{\"id\": \"d{i}\", \"g\": \"{group}\", \"text\": \"{}.\"}}\n",
                    words.join(" ")
                )
            })
            .collect();
        std::fs::write(corpus, lines).unwrap();
        let args = [
            "compare",
            corpus,
            "--by",
            "g",
            "--only-themes",
            "souverainete",
        ];
        let json: serde_json::Value = serde_json::from_slice(&run_ok(&args)).unwrap();
        assert_eq!(json.pointer(pointer), Some(&rounded.into()), "{json}");
        let text = String::from_utf8(run_ok(&[&args[..], &["--format", "text"]].concat())).unwrap();
        assert!(text.contains(line), "{line:?} in\n{text}");
        if let Some(drawn) = drawn {
            let svg = run_ok(&[&args[..], &["--format", "svg"]].concat());
            let svg = String::from_utf8(svg).unwrap();
            assert!(svg.contains(drawn), "{drawn:?} in\n{svg}");
        }
    }
}
