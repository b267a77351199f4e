//! The JSON Schemas of `parole compare` (schema/compare.schema.json),
//! `parole kwic` (schema/kwic.schema.json), `parole collocates`
//! (schema/collocates.schema.json), `parole eval`
//! (schema/eval.schema.json), `parole train` (schema/train.schema.json) and
//! `parole themes` (schema/themes.schema.json):
//! the real binary's outputs on the bundled
//! corpus (or a small gold file) validate, the schemas are closed (an unknown field at the
//! top or in a nested row is an error), their fields are listed in output
//! order, and `schema_version` comes first and is the version of the
//! schema (the report's too, whose schema `tests/it/cli.rs` checks otherwise).

use crate::common::{root, run_ok};

use serde_json::{json, Value};

const COMPARE: &str = "schema/compare.schema.json";
const KWIC: &str = "schema/kwic.schema.json";
const COLLOCATES: &str = "schema/collocates.schema.json";
const EVAL: &str = "schema/eval.schema.json";
const TRAIN: &str = "schema/train.schema.json";
const THEMES: &str = "schema/themes.schema.json";

const SEED: &str = "corpus/2024-01-18_psp_discours_voeux-souverainete.txt";

/// Runs parole, which must succeed, and reads its JSON output; checks that
/// `schema_version` is the first key.
#[track_caller]
fn run_json(args: &[&str]) -> Value {
    let value: Value = serde_json::from_slice(&run_ok(args)).expect("the output is JSON");
    assert_eq!(
        value
            .as_object()
            .expect("an object")
            .keys()
            .next()
            .map(String::as_str),
        Some("schema_version"),
        "parole {args:?}: schema_version comes first"
    );
    value
}

fn schema(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).expect("the schema file exists");
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// Every validation error: its instance path (a JSON pointer) and message,
/// shortened (messages quote the whole offending value).
fn errors(schema_path: &str, instance: &Value) -> Vec<(String, String)> {
    let validator = jsonschema::validator_for(&schema(schema_path)).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| {
            let message: String = e.to_string().chars().take(300).collect();
            (e.instance_path().to_string(), message)
        })
        .collect()
}

#[track_caller]
fn assert_valid(schema_path: &str, instance: &Value) {
    let errors = errors(schema_path, instance);
    assert!(
        errors.is_empty(),
        "the output does not match {schema_path}:\n{:#?}",
        &errors[..errors.len().min(10)]
    );
}

/// `instance`, which is valid, changed by `change` must be invalid, with an
/// error at `at` or at a value holding it (a `oneOf` reports at its own
/// value, not inside).
#[track_caller]
fn assert_rejected(schema_path: &str, instance: &Value, at: &str, change: impl Fn(&mut Value)) {
    assert_valid(schema_path, instance);
    let mut changed = instance.clone();
    change(&mut changed);
    assert_ne!(&changed, instance, "the change at {at:?} changed nothing");
    let errors = errors(schema_path, &changed);
    assert!(
        errors
            .iter()
            .any(|(path, _)| path == at || at.starts_with(&format!("{path}/"))),
        "{schema_path} accepts the change at {at:?}; errors: {errors:#?}"
    );
}

/// Adds an unknown field to the object at `pointer`.
fn add_field(pointer: &str) -> impl Fn(&mut Value) + '_ {
    move |v: &mut Value| {
        v.pointer_mut(pointer)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no object at {pointer:?}"))
            .insert("unexpected".to_string(), json!(1));
    }
}

/// Removes `field` from the object at `pointer`.
fn remove_field<'a>(pointer: &'a str, field: &'a str) -> impl Fn(&mut Value) + 'a {
    move |v: &mut Value| {
        v.pointer_mut(pointer)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no object at {pointer:?}"))
            .shift_remove(field)
            .unwrap_or_else(|| panic!("no field {field:?} at {pointer:?}"));
    }
}

/// Sets the value at `pointer`.
fn set(pointer: &str, value: Value) -> impl Fn(&mut Value) + '_ {
    move |v: &mut Value| {
        *v.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("nothing at {pointer:?}")) = value.clone();
    }
}

/// Runs parole with `args`, checks the output against the schema at
/// `schema_path` and that its fields come in schema order.
#[track_caller]
fn validated(schema_path: &str, args: &[&str]) -> Value {
    let value = run_json(args);
    assert_valid(schema_path, &value);
    let schema = schema(schema_path);
    assert_order(&value, &schema, &schema, "");
    value
}

/// Runs `parole compare ARGS`, validated against its schema.
#[track_caller]
fn compare(args: &[&str]) -> Value {
    validated(COMPARE, &[&["compare"], args].concat())
}

/// Runs `parole kwic ARGS`, validated against its schema.
#[track_caller]
fn kwic(args: &[&str]) -> Value {
    validated(KWIC, &[&["kwic"], args].concat())
}

/// The schema node behind a local `$ref`, or the node itself.
fn resolve<'a>(node: &'a Value, root: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("non-local $ref {reference:?}"));
            resolve(
                root.pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling $ref {reference:?}")),
                root,
            )
        }
        None => node,
    }
}

/// Every object of `instance` described by `properties` in `node` has
/// exactly the schema's `required` keys, in that order.
#[track_caller]
fn assert_order(instance: &Value, node: &Value, root: &Value, path: &str) {
    let node = resolve(node, root);
    if let Some(branches) = node.get("oneOf").and_then(Value::as_array) {
        // A nullable value: check the object branch unless the value is null.
        let objects = branches
            .iter()
            .filter(|b| resolve(b, root).get("type") != Some(&json!("null")));
        for branch in objects.filter(|_| !instance.is_null()) {
            assert_order(instance, branch, root, path);
        }
        return;
    }
    match instance {
        Value::Object(object) => {
            let Some(properties) = node.get("properties").and_then(Value::as_object) else {
                return;
            };
            let required: Vec<&str> = node["required"]
                .as_array()
                .expect("required is listed")
                .iter()
                .map(|k| k.as_str().unwrap())
                .collect();
            let keys: Vec<&str> = object.keys().map(String::as_str).collect();
            assert_eq!(keys, required, "fields of {path:?} in output order");
            for (key, value) in object {
                assert_order(value, &properties[key], root, &format!("{path}/{key}"));
            }
        }
        Value::Array(items) => {
            if let Some(item) = node.get("items") {
                for (i, value) in items.iter().enumerate() {
                    assert_order(value, item, root, &format!("{path}/{i}"));
                }
            }
        }
        _ => {}
    }
}

/// Walks every schema node: objects with `properties` are closed and
/// require all of them, and every property has a description.
fn check_style(node: &Value, path: &str, problems: &mut Vec<String>) {
    match node {
        Value::Object(object) => {
            if let Some(properties) = object.get("properties").and_then(Value::as_object) {
                if object.get("additionalProperties") != Some(&json!(false)) {
                    problems.push(format!("{path}: additionalProperties is not false"));
                }
                let required: Vec<&str> = object
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let keys: Vec<&str> = properties.keys().map(String::as_str).collect();
                if required != keys {
                    problems.push(format!("{path}: required {required:?} != {keys:?}"));
                }
                for (key, property) in properties {
                    let described = property
                        .get("description")
                        .and_then(Value::as_str)
                        .is_some_and(|d| !d.trim().is_empty());
                    if !described {
                        problems.push(format!("{path}/properties/{key}: no description"));
                    }
                }
            }
            for (key, value) in object {
                check_style(value, &format!("{path}/{key}"), problems);
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                check_style(value, &format!("{path}/{i}"), problems);
            }
        }
        _ => {}
    }
}

#[test]
fn schemas_are_valid_draft_2020_12_closed_and_described() {
    for (path, id, root) in [
        (
            COMPARE,
            "https://parole.example/schema/compare-1.12.0.json",
            "#/$defs/compare",
        ),
        (
            KWIC,
            "https://parole.example/schema/kwic-1.9.0.json",
            "#/$defs/kwic",
        ),
        (
            COLLOCATES,
            "https://parole.example/schema/collocates-1.2.0.json",
            "#/$defs/collocates",
        ),
        (
            EVAL,
            "https://parole.example/schema/eval-2.2.0.json",
            "#/$defs/eval",
        ),
        (
            TRAIN,
            "https://parole.example/schema/train-1.3.0.json",
            "#/$defs/train",
        ),
        (
            THEMES,
            "https://parole.example/schema/themes-1.1.0.json",
            "#/$defs/themes",
        ),
    ] {
        let schema = schema(path);
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{path}"
        );
        assert_eq!(schema["$id"], id, "{path}");
        assert_eq!(schema["$ref"], root, "{path}");
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("{path} is not a valid draft 2020-12 schema: {e}");
        }
        let mut problems = Vec::new();
        check_style(&schema, "", &mut problems);
        assert!(problems.is_empty(), "{path}:\n{}", problems.join("\n"));
    }
}

#[test]
fn compare_by_party_is_valid() {
    let report = compare(&["corpus/", "--by", "parti"]);
    assert_eq!(report["config"]["by"], "parti");
    assert_eq!(report["groups"].as_array().unwrap().len(), 5);
    assert!(report["time_series"].is_null());
    let rows: usize = report["keyness"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["rows"].as_array().unwrap().len())
        .sum();
    assert!(rows > 0, "some keyness rows are validated");
}

#[test]
fn compare_by_month_with_terms_is_valid() {
    let report = compare(&[
        "corpus/",
        "--by",
        "date:month",
        "--terms",
        "souveraineté,Etat",
    ]);
    let series = &report["time_series"];
    assert!(series.is_object(), "a time series by month");
    assert_eq!(
        series["periods"],
        json!(report["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["name"].clone())
            .collect::<Vec<_>>())
    );
    let terms: Vec<&Value> = series["terms"].as_array().unwrap().iter().collect();
    assert_eq!(terms.len(), 2);
    assert_eq!(terms[0]["term"], "souveraineté");
    assert!(terms.iter().all(|t| t["counts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c.as_u64() > Some(0))));
}

#[test]
fn compare_with_a_reference_is_valid() {
    let report = compare(&[SEED, "--reference", "corpus/"]);
    assert_eq!(report["config"]["by"], "input");
    assert_eq!(report["config"]["reference"], json!(["corpus/"]));
    assert_eq!(report["groups"][0]["name"], SEED);
    assert!(report["time_series"].is_null());
}

#[test]
fn compare_over_periods_is_valid() {
    let report = compare(&[
        "corpus/",
        "--by",
        "parti",
        "--over",
        "date:quarter",
        "--terms",
        "souveraineté",
        "--where",
        "date>=2024-04",
    ]);
    let series = &report["group_series"];
    assert_eq!(series["all"]["group"], "(all)");
    assert_eq!(series["periods"][0], "2024-Q2");
    assert!(report["reference"].is_null());
    assert!(report["inputs_seen"].as_u64() > report["documents"].as_u64());
}

#[test]
fn kwic_of_a_word_is_valid() {
    let kwic = kwic(&["souveraineté", "corpus/"]);
    assert_eq!(kwic["query"]["kind"], "words");
    let lines = kwic["lines"].as_array().unwrap();
    assert!(!lines.is_empty(), "some lines are validated");
    assert_eq!(kwic["occurrences"].as_u64(), Some(lines.len() as u64));
}

#[test]
fn kwic_of_a_theme_is_valid() {
    let kwic = kwic(&["ecologie", "corpus/"]);
    assert_eq!(kwic["query"]["kind"], "theme");
    let lines = kwic["lines"].as_array().unwrap();
    assert!(!lines.is_empty(), "some lines are validated");
    assert_eq!(kwic["occurrences"].as_u64(), Some(lines.len() as u64));
}

/// The record of the passage mode, stopword list and lexicon validates with
/// options other than the defaults, written as read and with `--pretty`.
#[test]
fn kwic_and_collocates_with_their_own_lists_are_valid() {
    let dir = tempfile::tempdir().unwrap();
    let themes = dir.path().join("themes.toml");
    std::fs::copy(root().join("themes/fr.toml"), &themes).unwrap();
    let stopwords = dir.path().join("stopwords.txt");
    std::fs::copy(root().join("stopwords/fr.txt"), &stopwords).unwrap();
    let options = [
        "ecologie",
        "corpus/",
        "--themes",
        themes.to_str().unwrap(),
        "--stopwords",
        stopwords.to_str().unwrap(),
        "--only-themes",
        "ecologie",
        "--passage",
        "sentence",
    ];
    for pretty in [&[][..], &["--pretty"]] {
        let kwic = kwic(&[&options[..], pretty].concat());
        assert_eq!(kwic["passage"], "sentence");
        assert_eq!(kwic["lexicon"]["themes"], json!(["ecologie"]));
        let found = validated(
            COLLOCATES,
            &[&["collocates"], &options[..], pretty].concat(),
        );
        assert_eq!(found["stopwords"], kwic["stopwords"]);
    }
}

#[test]
fn the_compare_schema_is_closed_and_strict() {
    let report = compare(&[
        "corpus/",
        "--by",
        "date:month",
        "--terms",
        "souveraineté,Etat",
    ]);
    let evidence = report["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| !e["passages"].as_array().unwrap().is_empty())
        .expect("some group has distinctive passages");
    let evidence_passage = format!("/evidence/{evidence}/passages/0");
    for pointer in [
        "",
        "/config",
        "/config/options",
        "/config/analysis",
        "/config/analysis/lexicon",
        "/groups/0",
        "/theme_shares/0",
        "/keyness/0",
        "/keyness/0/rows/0",
        "/ngram_keyness/0/rows/0",
        "/specificities/0/rows/0",
        "/time_series",
        "/time_series/themes/0",
        "/time_series/terms/0",
        &evidence_passage,
        "/correspondence",
        "/correspondence/axes/0",
        "/correspondence/groups/0",
        "/correspondence/terms/0",
    ] {
        assert_rejected(COMPARE, &report, pointer, add_field(pointer));
    }
    assert_rejected(COMPARE, &report, "", remove_field("", "skipped"));
    assert_rejected(COMPARE, &report, "", remove_field("", "time_series"));
    assert_rejected(
        COMPARE,
        &report,
        "/keyness/0/rows/0",
        remove_field("/keyness/0/rows/0", "p_adjusted"),
    );
    for (pointer, value) in [
        ("/schema_version", json!("2.0.0")),
        ("/theme_shares/0/difference", json!("higher")),
        ("/theme_shares/0/share", json!(1.5)),
        ("/theme_shares/0/passages", json!(-1)),
        ("/keyness/0/rows/0/observed", json!(2.5)),
        ("/keyness/0/rows/0/p_value", json!(null)),
        ("/config/options/alpha", json!(1)),
        ("/config/analysis/stopwords/sha256", json!("ABC")),
        ("/time_series/periods", json!("2024-01")),
    ] {
        assert_rejected(COMPARE, &report, pointer, set(pointer, value));
    }
}

#[test]
fn the_kwic_schema_is_closed_and_strict() {
    let kwic = kwic(&["souveraineté", "corpus/"]);
    for pointer in ["", "/query", "/stopwords", "/lexicon", "/lines/0"] {
        assert_rejected(KWIC, &kwic, pointer, add_field(pointer));
    }
    assert_rejected(KWIC, &kwic, "/lines/0", remove_field("/lines/0", "keyword"));
    for (pointer, value) in [
        ("/query/kind", json!("regex")),
        ("/window", json!(-1)),
        ("/sort", json!("R1")),
        ("/passage", json!("line")),
        ("/stopwords/sha256", json!("ABC")),
        ("/lexicon/themes/0", json!("Écologie")),
        ("/lines/0/span", json!([1, 2, 3])),
        ("/lines/0/meta/parti", json!(["LES"])),
    ] {
        assert_rejected(KWIC, &kwic, pointer, set(pointer, value));
    }
    // A theme's lines carry its match.
    let theme = validated(KWIC, &["kwic", "regulation", "corpus/"]);
    assert!(theme["lines"][0]["entry"].is_string());
    assert_eq!(theme["query"]["assigned"], false);
    assert_rejected(KWIC, &theme, "/query", remove_field("/query", "assigned"));
    let assigned = validated(KWIC, &["kwic", "regulation", "corpus/", "--assigned"]);
    assert_eq!(assigned["query"]["assigned"], true);
    let sorted = validated(KWIC, &["kwic", "souveraineté", "corpus/", "--sort", "left"]);
    assert_eq!(sorted["sort"], "left");
    assert_rejected(KWIC, &sorted, "", remove_field("", "sort"));
    assert_rejected(KWIC, &theme, "/lines/0", remove_field("/lines/0", "score"));
    assert_rejected(
        KWIC,
        &theme,
        "/lines/0/weight",
        set("/lines/0/weight", json!(0)),
    );
}

#[test]
fn the_collocates_schema_is_closed_and_strict() {
    let found = validated(COLLOCATES, &["collocates", "France", "corpus/"]);
    assert!(found["collocates"].as_array().unwrap().len() > 1);
    for pointer in ["", "/query", "/stopwords", "/lexicon", "/collocates/0"] {
        assert_rejected(COLLOCATES, &found, pointer, add_field(pointer));
    }
    assert_rejected(
        COLLOCATES,
        &found,
        "/collocates/0",
        remove_field("/collocates/0", "specificity"),
    );
    assert_rejected(COLLOCATES, &found, "", remove_field("", "lexicon"));
    assert_eq!(found["min_corpus_count"], 1);
    assert_rejected(COLLOCATES, &found, "", remove_field("", "min_corpus_count"));
    for (pointer, value) in [
        ("/query/kind", json!("regex")),
        ("/window", json!(0)),
        ("/min_corpus_count", json!(0)),
        ("/collocates/0/cooccurrences", json!(0)),
        ("/collocates/0/p_value", json!(2)),
        ("/within_theme", json!(3)),
        ("/passage", json!("line")),
        ("/stopwords/entries", json!(-1)),
        ("/lexicon/sha256", json!(null)),
    ] {
        assert_rejected(COLLOCATES, &found, pointer, set(pointer, value));
    }
    // A theme's evidence, within a theme, with a skipped input.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vide.txt"), "").unwrap();
    std::fs::copy(
        root().join("corpus/2025-05-06_les_discours_eau-biodiversite.txt"),
        dir.path().join("eau.txt"),
    )
    .unwrap();
    let out = crate::common::run(&[
        "collocates",
        "ecologie",
        dir.path().to_str().unwrap(),
        "--assigned",
        "--within-theme",
        "ecologie",
        "--min-count",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let theme: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(COLLOCATES, &theme);
    assert_eq!(theme["query"]["kind"], "theme");
    assert_eq!(theme["query"]["assigned"], true);
    assert_eq!(theme["within_theme"], "ecologie");
    assert_eq!(theme["skipped"].as_array().unwrap().len(), 1);
    assert!(!theme["collocates"].as_array().unwrap().is_empty());
}

/// Runs `parole eval --errors` on a small gold file with a false positive
/// and a false negative, checks the output against the schema and that its
/// fields come in schema order.
fn eval_with_errors() -> Value {
    eval_of(&["--errors"])
}

/// [`eval_with_errors`]'s gold file scored with `options`.
fn eval_of(options: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        concat!(
            r#"{"id":"a","text":"Nous défendons la souveraineté de la France.","themes":[]}"#,
            "\n",
            r#"{"id":"b","text":"La transition écologique protège les ressources naturelles.","themes":["regulation","ecologie"]}"#,
            "\n",
            r#"{"id":"c","text":"Le budget augmente.","themes":["souverainete"]}"#,
            "\n",
        ),
    )
    .unwrap();
    let mut args = vec!["eval", "--gold", gold.to_str().unwrap()];
    args.extend(options);
    validated(EVAL, &args)
}

#[test]
fn eval_with_errors_is_valid() {
    let eval = eval_with_errors();
    assert_eq!(eval["passages"], 3);
    let kinds: Vec<&str> = eval["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"false_positive") && kinds.contains(&"false_negative"));
    assert_eq!(eval["gold"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(eval["lexicon"]["source"], "builtin:themes/fr.toml");
}

#[test]
fn the_eval_schema_is_closed_and_strict() {
    let eval = eval_with_errors();
    let first_error_with_evidence = eval["errors"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| !e["evidence"].as_array().unwrap().is_empty())
        .expect("an error with evidence");
    let error = format!("/errors/{first_error_with_evidence}");
    let evidence = format!("{error}/evidence/0");
    for pointer in [
        "",
        "/gold",
        "/lexicon",
        "/themes/0",
        "/macro",
        error.as_str(),
        evidence.as_str(),
    ] {
        assert_rejected(EVAL, &eval, pointer, add_field(pointer));
    }
    assert_rejected(EVAL, &eval, "/themes/0", remove_field("/themes/0", "f1"));
    for (pointer, value) in [
        ("/gold/sha256".to_string(), json!("not a digest")),
        ("/lexicon/themes/0".to_string(), json!("Écologie")),
        ("/themes/0/precision".to_string(), json!(1.5)),
        (format!("{error}/kind"), json!("miss")),
        (format!("{evidence}/span"), json!([1, 2, 3])),
    ] {
        assert_rejected(EVAL, &eval, &pointer, set(&pointer, value));
    }
}

#[test]
fn eval_with_bootstrap_and_against_is_valid_and_their_schema_is_closed_and_strict() {
    let plain = eval_with_errors();
    assert!(plain["bootstrap"].is_null());
    assert!(plain["against"].is_null());
    let eval = eval_of(&[
        "--bootstrap",
        "200",
        "--seed",
        "5",
        "--against",
        "themes/fr.toml",
    ]);
    let bootstrap = &eval["bootstrap"];
    assert_eq!(
        (bootstrap["draws"].as_u64(), bootstrap["seed"].as_u64()),
        (Some(200), Some(5))
    );
    let themes = bootstrap["themes"].as_array().unwrap();
    assert_eq!(themes.len(), eval["themes"].as_array().unwrap().len());
    let labelled = themes.iter().position(|t| !t["f1"].is_null()).unwrap();
    let unlabelled = themes.iter().position(|t| t["f1"].is_null()).unwrap();
    assert_eq!(themes[unlabelled]["labelled_draws"], 0);
    let labelled = format!("/bootstrap/themes/{labelled}");
    assert_eq!(eval["against"]["lexicon"]["source"], "themes/fr.toml");
    assert!(eval["against"]["macro_f1_difference_interval"].is_array());
    for pointer in [
        "/bootstrap",
        labelled.as_str(),
        "/bootstrap/macro",
        "/against",
        "/against/lexicon",
        "/against/themes/0",
    ] {
        assert_rejected(EVAL, &eval, pointer, add_field(pointer));
    }
    assert_rejected(
        EVAL,
        &eval,
        "/bootstrap",
        remove_field("/bootstrap", "averaged_draws"),
    );
    assert_rejected(
        EVAL,
        &eval,
        "/against/lexicon",
        remove_field("/against/lexicon", "themes"),
    );
    for (pointer, value) in [
        (format!("{labelled}/f1"), json!([0.5])),
        (format!("{labelled}/recall"), json!([0.5, 1.5])),
        ("/bootstrap/level".to_string(), json!(0.9)),
        ("/bootstrap/draws".to_string(), json!(10)),
        ("/against/themes/0/gained".to_string(), json!(-1)),
        ("/against/macro_f1_difference".to_string(), json!(1.5)),
        (
            "/against/themes/0/f1_difference_interval".to_string(),
            json!([0.1]),
        ),
    ] {
        assert_rejected(EVAL, &eval, &pointer, set(&pointer, value));
    }
}

/// Runs `parole train` from the built-in lexicon on a small gold file where
/// two core themes are labelled, and checks the output against the schema
/// and that its fields come in schema order.
fn train_from_base() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    let noise = [
        "Le gouvernement présentera son plan la semaine prochaine.",
        "Les citoyens attendent des réponses claires.",
        "Je remercie les élus présents ce matin.",
    ];
    let mut lines = String::new();
    for k in 0..30 {
        let (text, themes) = match k % 3 {
            0 => (
                "La forêt brûle, la rivière déborde et la biodiversité recule.",
                json!(["ecologie"]),
            ),
            1 => (
                "Notre souveraineté industrielle : ne plus dépendre de l'étranger.",
                json!(["souverainete"]),
            ),
            _ => ("Le budget de la commune augmente.", json!([])),
        };
        let text = format!("{} {text}", noise[k % noise.len()]);
        lines += &json!({"id": format!("g{k}"), "text": text, "themes": themes}).to_string();
        lines.push('\n');
    }
    std::fs::write(&gold, lines).unwrap();
    let out = dir.path().join("learned.toml");
    validated(
        TRAIN,
        &[
            "train",
            "--gold",
            gold.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--base",
            "themes/fr.toml",
            "--quiet",
        ],
    )
}

#[test]
fn train_is_valid_and_its_schema_is_closed_and_strict() {
    let train = train_from_base();
    assert_eq!(train["passages"], 30);
    assert_eq!(train["gold_sha256"].as_str().unwrap().len(), 64);
    let themes = train["themes"].as_array().unwrap();
    let labelled = themes.iter().position(|t| t["labelled"] == true).unwrap();
    let unlabelled = themes.iter().position(|t| t["labelled"] == false).unwrap();
    assert!(train["base_macro"].is_object());
    assert!(themes[unlabelled]["cv"].is_null());
    let labelled = format!("/themes/{labelled}");
    let cv = format!("{labelled}/cv");
    assert_eq!(train["base_lexicon"]["source"], "themes/fr.toml");
    for pointer in [
        "",
        labelled.as_str(),
        cv.as_str(),
        "/macro",
        "/base_macro",
        "/base_lexicon",
    ] {
        assert_rejected(TRAIN, &train, pointer, add_field(pointer));
    }
    assert_rejected(TRAIN, &train, "", remove_field("", "l2"));
    for (pointer, value) in [
        ("/gold_sha256".to_string(), json!("not a digest")),
        (format!("{cv}/recall"), json!(1.5)),
        (format!("{labelled}/threshold"), json!(-1)),
        ("/base".to_string(), json!(3)),
        ("/base_lexicon/themes/0".to_string(), json!("Écologie")),
    ] {
        assert_rejected(TRAIN, &train, &pointer, set(&pointer, value));
    }
}

#[test]
fn the_theme_listing_is_versioned_valid_and_its_schema_closed_and_strict() {
    let listing = validated(THEMES, &["themes", "--format", "json"]);
    assert_eq!(listing["schema_version"], "1.1.0");
    assert_eq!(listing["lexicon"]["source"], "builtin:themes/fr.toml");
    // The lexicon is named as `parole eval` names the lexicon it scores.
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        r#"{"id":"a","text":"La souveraineté.","themes":["souverainete"]}"#,
    )
    .unwrap();
    let eval = run_json(&["eval", "--gold", gold.to_str().unwrap()]);
    assert_eq!(listing["lexicon"], eval["lexicon"]);
    let themes = listing["themes"].as_array().unwrap();
    assert_eq!(themes.len(), 11);
    assert_eq!(
        (&themes[0]["id"], &themes[0]["group"]),
        (&json!("souverainete"), &json!("core"))
    );
    for pointer in ["", "/lexicon", "/themes/0"] {
        assert_rejected(THEMES, &listing, pointer, add_field(pointer));
    }
    assert_rejected(THEMES, &listing, "", remove_field("", "lexicon"));
    assert_rejected(
        THEMES,
        &listing,
        "/themes/0",
        remove_field("/themes/0", "threshold"),
    );
    for (pointer, value) in [
        ("/schema_version", json!("2.0.0")),
        ("/lexicon/sha256", json!("ABC")),
        ("/lexicon/themes", json!([])),
        ("/lexicon/themes/0", json!("Souveraineté")),
        ("/themes", json!([])),
        ("/themes/0/group", json!("other")),
        ("/themes/0/threshold", json!(0)),
        ("/themes/0/entries", json!(0)),
        ("/themes/0/id", json!("Souveraineté")),
    ] {
        assert_rejected(THEMES, &listing, pointer, set(pointer, value));
    }

    // A lexicon given with --check, or --themes, is named by its path.
    let lexicon = dir.path().join("mine.toml");
    std::fs::write(
        &lexicon,
        "[[theme]]\nid = \"eau\"\nlabel = \"Eau\"\nthreshold = 2\n[theme.entries]\n\"rivière\" = 1\n",
    )
    .unwrap();
    let path = lexicon.to_str().unwrap();
    for option in ["--check", "--themes"] {
        let mine = validated(THEMES, &["themes", option, path, "--format", "json"]);
        assert_eq!(mine["lexicon"]["source"], path);
        assert_eq!(
            mine["themes"],
            json!([{"id": "eau", "label": "Eau", "group": "extended", "threshold": 2.0,
                    "entries": 1, "exclusions": 0, "description": ""}])
        );
    }
}

/// Every output's `schema_version` is the version its schema's `$id`
/// names, so that a schema changed without its version, or a version
/// bumped in the code but not in the schema, is noticed.
#[test]
fn every_output_carries_the_version_of_its_schema() {
    for (path, output) in [
        (
            "schema/report.schema.json",
            run_json(&["analyze", "corpus/"]),
        ),
        (COMPARE, compare(&["corpus/", "--by", "parti"])),
        (KWIC, kwic(&["souveraineté", "corpus/"])),
        (
            COLLOCATES,
            validated(COLLOCATES, &["collocates", "France", "corpus/"]),
        ),
        (EVAL, eval_with_errors()),
        (TRAIN, train_from_base()),
        (THEMES, validated(THEMES, &["themes", "--format", "json"])),
    ] {
        let id = schema(path)["$id"].as_str().unwrap().to_string();
        let version = output["schema_version"].as_str().unwrap();
        assert!(
            id.ends_with(&format!("-{version}.json")),
            "{path} is {id}, but the output says schema_version {version}"
        );
    }
}
