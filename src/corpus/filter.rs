//! Which documents a run keeps: the conditions of `--where` on metadata
//! fields (`parti=RN`, `genre!=communiqué`), how a document's field is
//! read against them, and the tallies that let a run say why nothing was
//! kept (a field no document has, a value written otherwise). The corpus
//! reader applies it to each document it reads ([`super::Corpus`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::{Error, Result};

/// Distinct values kept per field for the message when nothing is kept.
const VALUES_KEPT: usize = 1_000;

/// Values and field names named in that message.
const SHOWN: usize = 12;

/// The conditions of `--where`, by field: a document is kept when, for
/// every field named, one of its values is among the values asked with `=`
/// (if any), and none among those refused with `!=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// The conditions as given.
    conditions: Vec<String>,
    /// Per field: the values asked and the values refused.
    fields: BTreeMap<String, (Vec<String>, Vec<String>)>,
}

impl Filter {
    /// Parses conditions `FIELD=VALUE` and `FIELD!=VALUE` (spaces around
    /// the field and the value ignored); `None` for no condition.
    pub fn parse(conditions: &[String]) -> Result<Option<Filter>> {
        if conditions.is_empty() {
            return Ok(None);
        }
        let mut fields: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
        for condition in conditions {
            let invalid = |what: &str| {
                Error::config(format!(
                    "--where {condition:?}: {what}; write FIELD=VALUE to keep the documents \
                     whose FIELD is VALUE, or FIELD!=VALUE to leave them out"
                ))
            };
            let Some(at) = condition.find('=') else {
                return Err(invalid("no ="));
            };
            let (field, refused) = match condition[..at].strip_suffix('!') {
                Some(field) => (field.trim(), true),
                None => (condition[..at].trim(), false),
            };
            let value = condition[at + 1..].trim();
            if field.is_empty() {
                return Err(invalid("no field before ="));
            }
            if value.is_empty() {
                return Err(invalid("no value after ="));
            }
            let (asked, refusals) = fields.entry(field.to_string()).or_default();
            let value = crate::rename::nfc(value);
            match refused {
                true => refusals.push(value),
                false => asked.push(value),
            }
        }
        Ok(Some(Filter {
            conditions: conditions.to_vec(),
            fields,
        }))
    }

    /// The fields the conditions name.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }

    /// Whether a document with metadata `meta` is kept; `tally` learns the
    /// fields and values seen.
    pub fn keeps(&self, meta: &BTreeMap<String, Value>, tally: &mut FilterTally) -> bool {
        let kept = self.meets(meta, tally);
        match kept {
            true => tally.kept += 1,
            false => tally.left_out += 1,
        }
        kept
    }

    /// For a unit skipped as unusable whose metadata could be read (an
    /// empty document): whether the conditions leave it out, counted so
    /// (it is then not reported as skipped). A unit that meets them is
    /// not counted as kept: it is no document.
    pub fn leaves_out(&self, meta: &BTreeMap<String, Value>, tally: &mut FilterTally) -> bool {
        let out = !self.meets(meta, tally);
        if out {
            tally.left_out += 1;
        }
        out
    }

    /// Whether `meta` meets the conditions; `tally` learns the fields and
    /// values seen.
    fn meets(&self, meta: &BTreeMap<String, Value>, tally: &mut FilterTally) -> bool {
        if tally.keys.len() < VALUES_KEPT {
            tally.keys.extend(meta.keys().cloned());
        }
        let mut kept = true;
        for (field, (asked, refused)) in &self.fields {
            let values = meta.get(field).map(values_of).unwrap_or_default();
            if !values.is_empty() {
                let seen = tally.values.entry(field.clone()).or_default();
                for value in &values {
                    if let Some(count) = seen.get_mut(value.as_str()) {
                        *count += 1;
                    } else if seen.len() < VALUES_KEPT {
                        seen.insert(value.clone(), 1);
                    }
                }
            }
            let has = |wanted: &String| values.iter().any(|v| v == wanted);
            if (!asked.is_empty() && !asked.iter().any(has)) || refused.iter().any(has) {
                kept = false;
            }
        }
        kept
    }

    /// Once the corpus is read: an error when a field of the conditions is
    /// in no document (a misspelt name, which `!=` would pass silently), or
    /// when documents were read and none was kept, naming the values seen.
    pub fn check(&self, tally: &FilterTally) -> Result<()> {
        if tally.kept + tally.left_out == 0 {
            return Ok(());
        }
        for field in self.fields.keys() {
            if !tally.values.contains_key(field) {
                if tally.keys.contains(field) {
                    return Err(Error::config(format!(
                        "--where: the field {field:?} is empty in every document read; give \
                         a field that holds values"
                    )));
                }
                let keys: Vec<String> = tally
                    .keys
                    .iter()
                    .take(SHOWN)
                    .map(|k| format!("{k:?}"))
                    .collect();
                let keys = match keys.is_empty() {
                    true => "the documents have no metadata".to_string(),
                    false => format!("fields of the documents: {}", keys.join(", ")),
                };
                return Err(Error::config(format!(
                    "--where: no document has a field {field:?} ({keys}); check the field's \
                     name"
                )));
            }
        }
        if tally.kept > 0 {
            return Ok(());
        }
        let shown: Vec<String> = self
            .fields
            .keys()
            .map(|field| {
                let mut values: Vec<(&String, &u64)> = tally.values[field].iter().collect();
                values.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                let listed: Vec<String> = values
                    .iter()
                    .take(SHOWN)
                    .map(|(value, count)| format!("{value:?} ({count})"))
                    .collect();
                let more = match values.len() > SHOWN {
                    true => format!(" and {} more", values.len() - SHOWN),
                    false => String::new(),
                };
                format!("values of {field}: {}{more}", listed.join(", "))
            })
            .collect();
        // Whether each value asked is in some document: then it is their
        // combination that no document has, not a spelling.
        let all_seen = self.fields.iter().all(|(field, (asked, _))| {
            asked
                .iter()
                .all(|v| tally.values[field].contains_key(v.as_str()))
        });
        let hint = match all_seen {
            true => "each value asked is in some document, but no document meets all the \
                     conditions together"
                .to_string(),
            false => "values are compared as written, capitals and accents included".to_string(),
        };
        Err(Error::config(format!(
            "--where {}: no document of the {} read is kept ({}); {hint}",
            self.conditions.join(" --where "),
            tally.left_out,
            shown.join("; ")
        )))
    }
}

/// What [`Filter::keeps`] has seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterTally {
    /// Documents kept.
    pub kept: u64,
    /// Documents left out.
    pub left_out: u64,
    /// Per field of the conditions, the values seen with their documents
    /// (at most [`VALUES_KEPT`] distinct values).
    values: BTreeMap<String, BTreeMap<String, u64>>,
    /// Metadata fields of the documents read (the first ones).
    keys: BTreeSet<String>,
}

impl FilterTally {
    /// Adds what `other` has seen, for conditions checked over several
    /// corpora read one after the other.
    pub fn merge(&mut self, other: FilterTally) {
        self.kept += other.kept;
        self.left_out += other.left_out;
        for (field, values) in other.values {
            let ours = self.values.entry(field).or_default();
            for (value, count) in values {
                if let Some(n) = ours.get_mut(&value) {
                    *n += count;
                } else if ours.len() < VALUES_KEPT {
                    ours.insert(value, count);
                }
            }
        }
        for key in other.keys {
            if self.keys.len() >= VALUES_KEPT {
                break;
            }
            self.keys.insert(key);
        }
    }
}

/// The values of a metadata field, as compared with a condition: a string
/// (trimmed) and, when it holds `;`, each item; a number or boolean as
/// written; each item of a list. None for `null`, an empty string or an
/// object.
fn values_of(value: &Value) -> Vec<String> {
    let mut values = Vec::new();
    let mut add = |value: &Value| match value {
        Value::String(s) => {
            let whole = s.trim();
            if whole.is_empty() {
                return;
            }
            let whole = match crate::rename::is_nfc(whole) {
                true => whole.to_string(),
                false => crate::rename::nfc(whole),
            };
            if whole.contains(';') {
                values.extend(
                    whole
                        .split(';')
                        .map(str::trim)
                        .filter(|item| !item.is_empty())
                        .map(str::to_string),
                );
            }
            values.push(whole);
        }
        Value::Number(n) => values.push(n.to_string()),
        Value::Bool(b) => values.push(b.to_string()),
        _ => {}
    };
    match value {
        Value::Array(items) => items.iter().for_each(&mut add),
        other => add(other),
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn filter(conditions: &[&str]) -> Filter {
        let conditions: Vec<String> = conditions.iter().map(|c| c.to_string()).collect();
        Filter::parse(&conditions).unwrap().unwrap()
    }

    fn meta(value: Value) -> BTreeMap<String, Value> {
        serde_json::from_value(value).unwrap()
    }

    fn kept(filter: &Filter, documents: &[Value]) -> Vec<bool> {
        let mut tally = FilterTally::default();
        documents
            .iter()
            .map(|d| filter.keeps(&meta(d.clone()), &mut tally))
            .collect()
    }

    #[test]
    fn conditions_on_one_field_are_alternatives_and_fields_must_all_hold() {
        let documents = [
            json!({"parti": "RN", "genre": "discours"}),
            json!({"parti": "LR", "genre": "communiqué"}),
            json!({"parti": " PS ", "genre": "discours"}),
            json!({"genre": "discours"}),
            json!({"parti": ["EELV", "PS"], "genre": "tribune"}),
            json!({"parti": "LFI; PS", "annee": 2024}),
            json!({"parti": null, "annee": 2023}),
        ];
        assert_eq!(
            kept(&filter(&["parti=RN", "parti=PS"]), &documents),
            [true, false, true, false, true, true, false]
        );
        assert_eq!(
            kept(&filter(&["parti = PS", "genre!=tribune"]), &documents),
            [false, false, true, false, false, true, false]
        );
        // A document without the field is not refused by `!=`.
        assert_eq!(
            kept(&filter(&["parti!=RN"]), &documents),
            [false, true, true, true, true, true, true]
        );
        assert_eq!(
            kept(&filter(&["annee=2024"]), &documents),
            [false, false, false, false, false, true, false]
        );
        // Values are compared as written, the whole value or an item.
        assert_eq!(kept(&filter(&["parti=rn"]), &documents), [false; 7]);
        assert_eq!(
            kept(&filter(&["parti=LFI; PS"]), &documents),
            [false, false, false, false, false, true, false]
        );
    }

    #[test]
    fn an_empty_field_and_decomposed_accents() {
        let f = filter(&["genre=communique\u{301}"]);
        let documents = [
            json!({"genre": "communiqué", "vide": ""}),
            json!({"genre": "Communiqué"}),
        ];
        assert_eq!(kept(&f, &documents), [true, false]);
        let f = filter(&["genre=communiqué"]);
        assert_eq!(kept(&f, &[json!({"genre": "communique\u{301}"})]), [true]);
        let f = filter(&["vide!=x"]);
        let mut tally = FilterTally::default();
        for d in &documents {
            f.keeps(&meta(d.clone()), &mut tally);
        }
        assert_eq!(
            f.check(&tally).unwrap_err().to_string(),
            "--where: the field \"vide\" is empty in every document read; give a field that \
             holds values"
        );
    }

    #[test]
    fn malformed_conditions_say_how_to_write_them() {
        for (condition, what) in [
            ("parti", "no ="),
            ("=RN", "no field before ="),
            (" != RN", "no field before ="),
            ("parti=", "no value after ="),
            ("parti!= ", "no value after ="),
        ] {
            let message = Filter::parse(&[condition.to_string()])
                .unwrap_err()
                .to_string();
            assert!(
                message.starts_with(&format!("--where {condition:?}: {what}; write FIELD=VALUE")),
                "{message}"
            );
        }
        assert_eq!(Filter::parse(&[]).unwrap(), None);
        // A value may hold `=`.
        let f = filter(&["titre=a=b"]);
        assert_eq!(kept(&f, &[json!({"titre": "a=b"})]), [true]);
    }

    #[test]
    fn nothing_kept_or_a_missing_field_is_an_error_naming_what_was_seen() {
        let documents = [
            json!({"parti": "RN"}),
            json!({"parti": "LR"}),
            json!({"parti": "RN", "date": "2024"}),
        ];
        let check = |conditions: &[&str]| {
            let f = filter(conditions);
            let mut tally = FilterTally::default();
            for d in &documents {
                f.keeps(&meta(d.clone()), &mut tally);
            }
            f.check(&tally).map_err(|e| e.to_string())
        };
        assert_eq!(check(&["parti=RN"]), Ok(()));
        assert_eq!(
            check(&["parti=Rn"]).unwrap_err(),
            "--where parti=Rn: no document of the 3 read is kept (values of parti: \"RN\" (2), \
             \"LR\" (1)); values are compared as written, capitals and accents included"
        );
        assert_eq!(
            check(&["partie!=RN"]).unwrap_err(),
            "--where: no document has a field \"partie\" (fields of the documents: \
             \"date\", \"parti\"); check the field's name"
        );
        // Values that each exist, but never together.
        assert!(check(&["parti=LR", "date=2024"]).unwrap_err().ends_with(
            "each value asked is in some document, but no document meets all the \
                        conditions together"
        ));
        // Nothing read, nothing to say.
        let f = filter(&["parti=RN"]);
        assert_eq!(
            f.check(&FilterTally::default()).map_err(|e| e.to_string()),
            Ok(())
        );
    }
}
