//! Which documents a run keeps: the conditions of `--where` on metadata
//! fields (`parti=RN`, `genre!=communiqué`, `date>=2022-01`,
//! `legislature<16`), how a document's field is read against them, and the
//! tallies that let a run say why nothing was kept (a field no document
//! has, a value written otherwise) and which documents a bound could not
//! be compared with. The corpus reader applies it to each document it
//! reads ([`super::Corpus`]).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::date::Date;
use crate::{Error, Result};

/// Distinct values kept per field for the message when nothing is kept.
const VALUES_KEPT: usize = 1_000;

/// How a bound compares, said where a value could not be compared.
const COMPARED: &str = "bounds compare dates (YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD) to the \
                        bound's precision, and numbers";

/// Values and field names named in that message.
const SHOWN: usize = 12;

/// The conditions of `--where`, by field: a document is kept when, for
/// every field named, one of its values is among the values asked with `=`
/// (if any), none among those refused with `!=`, and one of its values is
/// within every bound (`<`, `<=`, `>`, `>=`) given for the field.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The conditions as given.
    conditions: Vec<String>,
    /// Per field, what its values must meet.
    fields: BTreeMap<String, FieldConditions>,
}

/// The conditions on one field.
#[derive(Debug, Clone, Default, PartialEq)]
struct FieldConditions {
    /// Values asked with `=`: one of them must be there.
    asked: Vec<String>,
    /// Values refused with `!=`: none may be there.
    refused: Vec<String>,
    /// Bounds: one value must be within all of them.
    bounds: Vec<Bound>,
}

/// A bound of `<`, `<=`, `>` or `>=`: a date, a number, or both (`2024`).
#[derive(Debug, Clone, PartialEq)]
struct Bound {
    /// The orderings of a value against the bound that meet it (`>=`:
    /// greater or equal).
    admits: [Option<Ordering>; 2],
    /// The bound read as a date.
    date: Option<Date>,
    /// The bound read as a number, as written (see [`cmp_numbers`]).
    number: Option<String>,
}

impl Bound {
    /// Whether `value` meets the bound: compared as a date when both are
    /// dates (to the precision of the bound), else as a number when both
    /// are numbers; `None` when neither can be decided (`s.d.`, or `2024`
    /// against `2024-05`).
    fn meets(&self, value: &str) -> Option<bool> {
        // Two dates compare as dates only: the year `2021` against the day
        // `20210316` cannot be decided, though both read as numbers.
        let ordering = match (self.date, Date::parse(value)) {
            (Some(bound), Some(date)) => date.cmp_to(&bound)?,
            _ => cmp_numbers(value, self.number.as_deref()?)?,
        };
        Some(self.admits.contains(&Some(ordering)))
    }
}

/// `text` as a number: digits with perhaps a sign, a decimal point and an
/// exponent, as JSON writes numbers; not `inf` or `NaN`.
fn number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// How the number `a` compares with the number `b` (see [`number`]);
/// `None` when one is no number. Numbers written without an exponent are
/// compared digit by digit, exactly: as `f64`, `9007199254740993` (an id,
/// say) would equal `9007199254740992`.
fn cmp_numbers(a: &str, b: &str) -> Option<Ordering> {
    let (x, y) = (number(a)?, number(b)?);
    match (Decimal::parse(a), Decimal::parse(b)) {
        (Some(a), Some(b)) => Some(a.cmp(&b)),
        _ => x.partial_cmp(&y),
    }
}

/// A number written without an exponent, as its sign and its digits.
#[derive(Debug, PartialEq, Eq)]
struct Decimal<'a> {
    negative: bool,
    /// The digits before the point, without leading zeros.
    whole: &'a str,
    /// The digits after the point, without trailing zeros.
    fraction: &'a str,
}

impl<'a> Decimal<'a> {
    /// `text` read as a decimal, `None` if it is not one (an exponent);
    /// zero is never negative.
    fn parse(text: &'a str) -> Option<Decimal<'a>> {
        let negative = text.starts_with('-');
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(whole) || !all_digits(fraction) || whole.len() + fraction.len() == 0 {
            return None;
        }
        let whole = whole.trim_start_matches('0');
        let fraction = fraction.trim_end_matches('0');
        Some(Decimal {
            negative: negative && !(whole.is_empty() && fraction.is_empty()),
            whole,
            fraction,
        })
    }

    fn magnitude(&self) -> (usize, &str, &str) {
        (self.whole.len(), self.whole, self.fraction)
    }
}

impl Ord for Decimal<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.magnitude().cmp(&other.magnitude()),
            (true, true) => other.magnitude().cmp(&self.magnitude()),
        }
    }
}

impl PartialOrd for Decimal<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Filter {
    /// Parses conditions `FIELD=VALUE`, `FIELD!=VALUE`, and `FIELD<BOUND`,
    /// `<=`, `>`, `>=` with a date or number bound (spaces around the field
    /// and the value ignored); `None` for no condition.
    pub fn parse(conditions: &[String]) -> Result<Option<Filter>> {
        if conditions.is_empty() {
            return Ok(None);
        }
        let mut fields: BTreeMap<String, FieldConditions> = BTreeMap::new();
        for condition in conditions {
            let invalid = |what: &str| {
                Error::config(format!(
                    "--where {condition:?}: {what}; write FIELD=VALUE to keep the documents \
                     whose FIELD is VALUE, FIELD!=VALUE to leave them out, or FIELD>=BOUND \
                     (also >, <, <=) with a date (YYYY, YYYY-MM, YYYY-MM-DD) or a number"
                ))
            };
            let Some(at) = condition.find(['=', '<', '>']) else {
                return Err(invalid("no =, < or >"));
            };
            let (op, field) = match &condition.as_bytes()[at..] {
                [b'=', ..] => match condition[..at].strip_suffix('!') {
                    Some(field) => ("!=", field),
                    None => ("=", &condition[..at]),
                },
                [b'<', b'=', ..] => ("<=", &condition[..at]),
                [b'>', b'=', ..] => (">=", &condition[..at]),
                [b'<', ..] => ("<", &condition[..at]),
                _ => (">", &condition[..at]),
            };
            let field = field.trim();
            let value_start = at + if op.len() == 2 && op != "!=" { 2 } else { 1 };
            let value = condition[value_start..].trim();
            if field.is_empty() {
                return Err(invalid(&format!("no field before {op}")));
            }
            if value.is_empty() {
                return Err(invalid(&format!("no value after {op}")));
            }
            if matches!(op, "=" | "!=") && value.starts_with('=') {
                return Err(invalid(&format!(
                    "{op}= is no operator: one = is the syntax ({field}{op}{})",
                    value[1..].trim_start()
                )));
            }
            // SQL's and spreadsheets' "different from".
            if op == "<" && value.starts_with('>') {
                return Err(invalid(&format!(
                    "<> is no operator: != is the syntax ({field}!={})",
                    value[1..].trim_start()
                )));
            }
            if matches!(op, "=" | "!=") && value.starts_with(['<', '>']) {
                return Err(invalid(&format!(
                    "{op} followed by {}: a bound is written with = last (>=, <=)",
                    &value[..1]
                )));
            }
            // In NFC, as the corpus gives metadata keys.
            let conditions = fields.entry(crate::rename::to_nfc(field)).or_default();
            let value = crate::rename::nfc(value);
            let admits = match op {
                "!=" => {
                    conditions.refused.push(value);
                    continue;
                }
                "=" => {
                    conditions.asked.push(value);
                    continue;
                }
                "<" => [Some(Ordering::Less), None],
                "<=" => [Some(Ordering::Less), Some(Ordering::Equal)],
                ">" => [Some(Ordering::Greater), None],
                _ => [Some(Ordering::Greater), Some(Ordering::Equal)],
            };
            let (date, number) = (Date::parse(&value), number(&value).map(|_| value.clone()));
            let looks_dated = value.len() > 4
                && value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && value.as_bytes()[4] == b'-';
            if date.is_none() && number.is_none() {
                return Err(invalid(&match looks_dated {
                    true => format!("the bound {value:?} after {op} is no calendar date"),
                    false => {
                        format!("the bound {value:?} after {op} is neither a date nor a number")
                    }
                }));
            }
            if date.is_some() && value.len() > 10 {
                return Err(invalid(&format!(
                    "the bound {value:?} after {op} has a time, and bounds compare days at \
                     most: write {:?}",
                    &value[..10]
                )));
            }
            conditions.bounds.push(Bound {
                admits,
                date,
                number,
            });
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
        match out {
            true => tally.left_out += 1,
            false => tally.met_but_skipped += 1,
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
        for (field, conditions) in &self.fields {
            let (values, numbers) = meta.get(field).map(values_of).unwrap_or_default();
            if !values.is_empty() {
                let seen = tally.values.entry(field.clone()).or_default();
                for value in &values {
                    if let Some(count) = seen.get_mut(value.as_str()) {
                        *count += 1;
                    } else if seen.len() < VALUES_KEPT {
                        seen.insert(value.clone(), 1);
                    }
                }
                let named =
                    |v: &&String| conditions.asked.contains(v) || conditions.refused.contains(v);
                for value in values.iter().filter(named) {
                    let found = tally.named_found.entry(field.clone()).or_default();
                    found.insert(value.clone());
                }
            }
            // A number is the same number however written (`2021`, `2021.0`).
            let has = |wanted: &String| {
                values.iter().any(|v| v == wanted)
                    || numbers
                        .iter()
                        .any(|n| cmp_numbers(n, wanted) == Some(Ordering::Equal))
            };
            let FieldConditions {
                asked,
                refused,
                bounds,
            } = conditions;
            if (!asked.is_empty() && !asked.iter().any(has)) || refused.iter().any(has) {
                kept = false;
            }
            if !bounds.is_empty() {
                // A list's whole (`A; B`) is left to its items.
                let values: Vec<&String> = values.iter().filter(|v| !v.contains(';')).collect();
                let span = tally.spans.entry(field.clone()).or_default();
                let dated = bounds.iter().any(|bound| bound.date.is_some());
                for value in &values {
                    span.add(value, dated);
                }
                let mut undecided = None;
                let within = values.iter().any(|value| {
                    bounds.iter().all(|bound| {
                        bound.meets(value).unwrap_or_else(|| {
                            undecided.get_or_insert(value);
                            false
                        })
                    })
                });
                if !within {
                    kept = false;
                    if let Some(value) = undecided {
                        let entry = tally.undecided.entry(field.clone());
                        entry.or_insert((0, value.to_string())).0 += 1;
                    }
                }
            }
        }
        kept
    }

    /// Notes for stderr once the corpus is read: per field with bounds,
    /// the documents left out because their value could not be compared
    /// with a bound (no date or number, or a date less precise than the
    /// bound), with the first such value.
    pub fn notes(&self, tally: &FilterTally) -> Vec<String> {
        // A value asked with `=` or refused with `!=` that holds a list and
        // that no document has.
        let listed = self.fields.iter().flat_map(|(field, conditions)| {
            [(&conditions.asked, "="), (&conditions.refused, "!=")]
                .into_iter()
                .flat_map(move |(values, op)| {
                    let (effect, verb) = match op {
                        "=" => ("", "keep"),
                        _ => (", and leaves no document out", "leave out"),
                    };
                    values
                        .iter()
                        .filter(|value| {
                            tally.kept > 0 && looks_listed(value) && !tally.has_named(field, value)
                        })
                        .map(move |value| {
                            format!(
                                "--where {field}{op}{value}: no document has the value {value:?}, \
                                 which is one value, not a list{effect}; to {verb} the documents \
                                 whose {field} is any of several values, repeat --where ({})",
                                repeated(field, op, value)
                            )
                        })
                })
        });
        let undecided = tally.undecided.iter().map(|(field, (count, example))| {
            format!(
                "--where: {} left out because {} {field} cannot be \
                     compared with the bound{} (first: {example:?}); {COMPARED}",
                crate::error::plural(*count, "document"),
                if *count == 1 { "its" } else { "their" },
                match self.fields[field].bounds.len() {
                    1 => "",
                    _ => "s",
                }
            )
        });
        listed.chain(undecided).collect()
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
        // Units that meet the conditions but are skipped (empty) are
        // reported as skipped, not as conditions nobody meets.
        if tally.kept > 0 || tally.met_but_skipped > 0 {
            return Ok(());
        }
        let shown: Vec<String> = self
            .fields
            .keys()
            .map(|field| {
                if let Some(span) = tally.spans.get(field).and_then(Span::describe) {
                    return format!("{field}: {span}");
                }
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
        let all_seen = self
            .fields
            .iter()
            .all(|(field, conditions)| conditions.asked.iter().all(|v| tally.has_named(field, v)));
        // A value asked that no document has: perhaps several values in
        // one condition (`groupe=A,B`), which are given by repeating it.
        let unseen = self.fields.iter().find_map(|(field, conditions)| {
            let mut unseen = conditions
                .asked
                .iter()
                .filter(|v| !tally.has_named(field, v));
            let first = unseen.clone().next()?;
            Some((field, unseen.find(|v| looks_listed(v)).unwrap_or(first)))
        });
        // A value typed between quotes, as SQL and pandas write strings,
        // is compared with its quotes; the list of values seen, which
        // quotes each value, would not show the difference.
        let quoted = self.fields.iter().find_map(|(field, conditions)| {
            conditions
                .asked
                .iter()
                .filter(|v| !tally.has_named(field, v))
                .find_map(|v| unquoted(v).map(|inner| (field, v, inner)))
        });
        // A number asked that a text value equals as a number (`2021`
        // against the CSV cell `2021.0`, as pandas writes a year column
        // with gaps): `=` compares text as written, bounds compare numbers.
        let renumbered = self.fields.iter().find_map(|(field, conditions)| {
            let seen = tally.values.get(field)?;
            conditions
                .asked
                .iter()
                .filter(|v| !tally.has_named(field, v))
                .find_map(|v| {
                    let same = seen
                        .keys()
                        .find(|s| cmp_numbers(s, v) == Some(Ordering::Equal))?;
                    Some((field, v, same))
                })
        });
        if let Some((field, value, same)) = renumbered {
            return Err(Error::config(format!(
                "--where {}: no document of the {} read is kept ({}); {same:?} is the number \
                 {value} written otherwise, but as text (a CSV cell or a JSON string), which = \
                 compares as written (a code \"01\" is not 1): write {}, or give bounds, which \
                 compare numbers ({} {})",
                self.conditions.join(" --where "),
                tally.left_out,
                shown.join("; "),
                typed(field, "=", same),
                typed(field, ">=", value),
                typed(field, "<=", value),
            )));
        }
        let alternatives = match (unseen, quoted) {
            (_, Some((field, value, inner))) => format!(
                "; the quotes of {value:?} are compared as part of the value: write {} (quotes \
                 around a whole condition, which the shell reads, are not part of it)",
                typed(field, "=", inner)
            ),
            (Some((field, value)), None) if looks_listed(value) => format!(
                "; {value:?} is one value, not a list: to keep the documents whose {field} is \
                 any of several values, repeat --where ({})",
                repeated(field, "=", value)
            ),
            (Some((field, _)), None) => format!(
                "; to keep the documents whose {field} is any of several values, repeat \
                 --where ({})",
                repeated(field, "=", "A,B")
            ),
            (None, None) => String::new(),
        };
        let bounded = self.fields.values().any(|c| !c.bounds.is_empty());
        let hint = match (all_seen, tally.undecided.iter().next()) {
            (_, Some((field, (count, example)))) => format!(
                "{} a value of {field} that cannot be compared with a \
                 bound (first: {example:?}): {COMPARED}",
                crate::error::plural_has(*count, "document")
            ),
            (true, None) if bounded => {
                let together = "no document meets all the conditions together";
                // `date>2024`: a day of 2024 is equal to the bound, to its
                // precision, and not after it.
                let coarse = self.fields.iter().find_map(|(field, c)| {
                    c.bounds
                        .iter()
                        .find(|b| !b.admits.contains(&Some(Ordering::Equal)))
                        .and_then(|b| b.date.filter(|d| d.day.is_none()))
                        .map(|d| (field, d))
                });
                match coarse {
                    Some((field, date)) => {
                        let period = match date.month {
                            Some(month) => format!("{:04}-{month:02}", date.year),
                            None => format!("{:04}", date.year),
                        };
                        format!(
                            "{together}; a bound compares dates to its own precision, so any \
                             date in {period} is equal to the bound {period} of {field}, neither \
                             before nor after it, which >= and <= keep"
                        )
                    }
                    None => together.to_string(),
                }
            }
            (true, None) => "each value asked is in some document, but no document meets all \
                             the conditions together"
                .to_string(),
            (false, None) => {
                "values are compared as written, capitals and accents included".to_string()
            }
        };
        Err(Error::config(format!(
            "--where {}: no document of the {} read is kept ({}); {hint}{alternatives}",
            self.conditions.join(" --where "),
            tally.left_out,
            shown.join("; ")
        )))
    }
}

/// The text of `value` between a pair of quotes that encloses it whole
/// (`"RN"`, `'RN'`, `« RN »`, `“RN”`, `‘RN’`), trimmed; `None` when it is
/// not so enclosed or holds nothing else.
fn unquoted(value: &str) -> Option<&str> {
    ['"', '\'', '«', '“', '‘'].iter().find_map(|&open| {
        let close = match open {
            '«' => '»',
            '“' => '”',
            '‘' => '’',
            same => same,
        };
        let inner = value.strip_prefix(open)?.strip_suffix(close)?.trim();
        (!inner.is_empty()).then_some(inner)
    })
}

/// Whether a value asked with `=` looks like several values in one
/// condition (`Renaissance,Rassemblement National`).
fn looks_listed(value: &str) -> bool {
    comma_items(value).nth(1).is_some()
}

/// The comma-separated items of `value`, trimmed, empty ones left out.
fn comma_items(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

/// `--where` repeated for each of the comma-separated `values` of `field`,
/// with the operator `op` (`=` or `!=`), as typed in a shell: `--where
/// groupe=Renaissance --where "groupe=Rassemblement National"`.
fn repeated(field: &str, op: &str, values: &str) -> String {
    comma_items(values)
        .map(|value| typed(field, op, value))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `--where FIELD{op}VALUE` as typed in a shell: quoted when the condition
/// holds a space or a character the shell would read.
fn typed(field: &str, op: &str, value: &str) -> String {
    let condition = format!("{field}{op}{value}");
    match condition.contains(|c: char| c.is_whitespace() || "'\"$&;|<>()*?!`\\".contains(c)) {
        true => format!("--where {condition:?}"),
        false => format!("--where {condition}"),
    }
}

/// What [`Filter::keeps`] has seen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilterTally {
    /// Documents kept.
    pub kept: u64,
    /// Documents left out.
    pub left_out: u64,
    /// Units that meet the conditions but are skipped as unusable.
    pub met_but_skipped: u64,
    /// Per field of the conditions, the values seen with their documents
    /// (at most [`VALUES_KEPT`] distinct values).
    values: BTreeMap<String, BTreeMap<String, u64>>,
    /// Per field of the conditions, the values asked with `=` or refused
    /// with `!=` that some document has: all of them, where `values` stops
    /// at [`VALUES_KEPT`].
    named_found: BTreeMap<String, BTreeSet<String>>,
    /// Metadata fields of the documents read (the first ones).
    keys: BTreeSet<String>,
    /// Per field with bounds: the documents left out because a value
    /// could not be compared with a bound, and the first such value.
    undecided: BTreeMap<String, (u64, String)>,
    /// Per field with bounds: the earliest and latest dates, and the
    /// smallest and largest numbers, of its values.
    spans: BTreeMap<String, Span>,
}

/// The earliest and latest dates, and the smallest and largest numbers,
/// among the values of a field, each with its text.
#[derive(Debug, Clone, Default, PartialEq)]
struct Span {
    dates: Option<[Extreme<(u32, u32, u32)>; 2]>,
    numbers: Option<[Extreme<Numeric>; 2]>,
}

/// A value by which a span is ordered, with its text.
type Extreme<K> = (K, String);

/// The key of a number in a span: none, numbers are ordered by their text
/// (see [`cmp_numbers`]).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Numeric;

impl Span {
    /// Takes `value` into the span: its date when `dated` (a bound is a
    /// date), its number.
    /// A number is not taken as a year: `numero` 2021 is a number.
    fn add(&mut self, value: &str, dated: bool) {
        let number = number(value).is_some();
        if let Some(date) = Date::parse(value).filter(|_| dated && !number) {
            let key = (date.year, date.month.unwrap_or(0), date.day.unwrap_or(0));
            widen(&mut self.dates, (key, value.to_string()));
        }
        if number {
            widen(&mut self.numbers, (Numeric, value.to_string()));
        }
    }

    /// Takes in the values of `other`.
    fn merge(&mut self, other: Span) {
        if let Some([low, high]) = other.dates {
            widen(&mut self.dates, low);
            widen(&mut self.dates, high);
        }
        if let Some([low, high]) = other.numbers {
            widen(&mut self.numbers, low);
            widen(&mut self.numbers, high);
        }
    }

    /// `dates from "2017-07-06" to "2022-02-23"`, and the numbers likewise;
    /// `None` when the field held neither.
    fn describe(&self) -> Option<String> {
        let dates = self
            .dates
            .as_ref()
            .map(|[low, high]| format!("dates from {:?} to {:?}", low.1, high.1));
        let numbers = self
            .numbers
            .as_ref()
            .map(|[low, high]| format!("numbers from {} to {}", low.1, high.1));
        match (dates, numbers) {
            (Some(d), Some(n)) => Some(format!("{d}, {n}")),
            (d, n) => d.or(n),
        }
    }
}

impl FilterTally {
    /// Whether some document has the value `value`, asked with `=` or
    /// refused with `!=`, in `field`.
    fn has_named(&self, field: &str, value: &str) -> bool {
        self.named_found
            .get(field)
            .is_some_and(|found| found.contains(value))
    }

    /// Adds what `other` has seen, for conditions checked over several
    /// corpora read one after the other.
    pub fn merge(&mut self, other: FilterTally) {
        self.kept += other.kept;
        self.left_out += other.left_out;
        self.met_but_skipped += other.met_but_skipped;
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
        for (field, found) in other.named_found {
            self.named_found.entry(field).or_default().extend(found);
        }
        for key in other.keys {
            if self.keys.len() >= VALUES_KEPT {
                break;
            }
            self.keys.insert(key);
        }
        for (field, (count, example)) in other.undecided {
            self.undecided.entry(field).or_insert((0, example)).0 += count;
        }
        for (field, span) in other.spans {
            self.spans.entry(field).or_default().merge(span);
        }
    }
}

/// Widens `span`, the lowest and highest values seen, to take in `item`.
fn widen<K: Extremes>(span: &mut Option<[Extreme<K>; 2]>, item: Extreme<K>) {
    match span {
        None => *span = Some([item.clone(), item]),
        Some([low, high]) => {
            if K::order(&item, low) == Ordering::Less {
                *low = item;
            } else if K::order(&item, high) == Ordering::Greater {
                *high = item;
            }
        }
    }
}

/// The order of the values of a span.
trait Extremes: Clone + Sized {
    fn order(a: &Extreme<Self>, b: &Extreme<Self>) -> Ordering;
}

/// Dates by their key, then by their texts (`2021-06-30T08:00` before
/// `2021-06-30T20:00`).
impl Extremes for (u32, u32, u32) {
    fn order(a: &Extreme<Self>, b: &Extreme<Self>) -> Ordering {
        a.cmp(b)
    }
}

/// Numbers by their value (their texts are numbers), then by their texts
/// (`15` before `15.0`).
impl Extremes for Numeric {
    fn order(a: &Extreme<Self>, b: &Extreme<Self>) -> Ordering {
        let by_value = cmp_numbers(&a.1, &b.1).unwrap_or(Ordering::Equal);
        by_value.then_with(|| a.1.cmp(&b.1))
    }
}

/// The values of a metadata field, as compared with a condition: a string
/// (trimmed) and, when it holds `;`, each item; a number as
/// [`number_text`](super::number_text) writes it, or a boolean; each item of
/// a list. None for `null`, an empty string or an object. Then, apart, the
/// values that are JSON numbers, which `=` and `!=` compare as numbers.
fn values_of(value: &Value) -> (Vec<String>, Vec<String>) {
    let mut values = Vec::new();
    let mut numbers = Vec::new();
    let mut add = |value: &Value| match value {
        Value::String(s) => {
            let whole = s.trim();
            if whole.is_empty() {
                return;
            }
            let whole = crate::rename::to_nfc(whole);
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
        Value::Number(n) => {
            values.push(super::number_text(n));
            numbers.push(n.to_string());
        }
        Value::Bool(b) => values.push(b.to_string()),
        _ => {}
    };
    match value {
        Value::Array(items) => items.iter().for_each(&mut add),
        other => add(other),
    }
    (values, numbers)
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
    fn numbers_without_exponent_compare_exactly() {
        use Ordering::*;
        for (a, b, order) in [
            ("9007199254740993", "9007199254740992", Greater),
            ("12345678901234567890", "12345678901234567891", Less),
            ("15", "15.0", Equal),
            ("015", "+15", Equal),
            ("-0", "0.000", Equal),
            ("-1.5", "-1.25", Less),
            ("-2", "1", Less),
            ("0.5", "0.51", Less),
            ("10", "9.99", Greater),
            (".5", "0.5", Equal),
            // With an exponent, as f64.
            ("1e3", "999", Greater),
            ("1.5e1", "15", Equal),
        ] {
            assert_eq!(cmp_numbers(a, b), Some(order), "{a} {b}");
            assert_eq!(cmp_numbers(b, a), Some(order.reverse()), "{b} {a}");
        }
        assert_eq!(cmp_numbers("s.o.", "1"), None);
        let big = [
            json!({"id": "9007199254740992"}),
            json!({"id": 9007199254740993u64}),
        ];
        assert_eq!(kept(&filter(&["id>9007199254740992"]), &big), [false, true]);
    }

    #[test]
    fn bounds_compare_dates_to_their_precision_and_numbers() {
        let documents = [
            json!({"date": "2020-12-31", "n": 15}),
            json!({"date": "2021-01-01", "n": "16"}),
            json!({"date": "2021-06-30T18:00", "n": 1.5e1}),
            json!({"date": "2021", "n": "s.o."}),
            json!({"date": "s.d."}),
            json!({"date": ["2019-05-01", "2022-05-01"]}),
            json!({}),
        ];
        assert_eq!(
            kept(&filter(&["date>=2021"]), &documents),
            [false, true, true, true, false, true, false]
        );
        assert_eq!(
            kept(&filter(&["date>=2021-01", "date<2021-07"]), &documents),
            [false, true, true, false, false, false, false]
        );
        assert_eq!(
            kept(&filter(&["date<=2021-06-30"]), &documents),
            [true, true, true, false, false, true, false]
        );
        assert_eq!(
            kept(&filter(&["date>2020"]), &documents),
            [false, true, true, true, false, true, false]
        );
        // One value must be within all the bounds of its field: neither
        // date of the list is in 2021.
        assert_eq!(
            kept(&filter(&["date>=2021", "date<2022"]), &documents),
            [false, true, true, true, false, false, false]
        );
        assert_eq!(
            kept(&filter(&["n>=15", "n<16"]), &documents),
            [true, false, true, false, false, false, false]
        );
        assert_eq!(
            kept(&filter(&["n > 15.5"]), &documents),
            [false, true, false, false, false, false, false]
        );
        // With = on the same field.
        assert_eq!(kept(&filter(&["n=16", "n<=15"]), &documents), [false; 7]);
        // A day written as ISO 8601's basic format is a day, not a number
        // eight digits long that every year bound would put after it.
        let compact = [
            json!({"date": "20201231"}),
            json!({"date": 20210315}),
            json!({"date": "20220101"}),
            json!({"date": "20211345"}),
        ];
        assert_eq!(
            kept(&filter(&["date>=2021", "date<2022"]), &compact),
            [false, true, false, false]
        );
        assert_eq!(
            kept(&filter(&["date>=2021-03-15"]), &compact),
            [false, true, true, false]
        );
        assert_eq!(
            kept(&filter(&["date<20210316"]), &documents),
            [true, true, false, false, false, true, false]
        );
        // A year decides against a month or a day when it is another year.
        let years = [
            json!({"date": "2014"}),
            json!({"date": "2014-03"}),
            json!({"date": "2015"}),
            json!({"date": "2016-01-05T10"}),
        ];
        assert_eq!(
            kept(&filter(&["date<2015-06-15"]), &years),
            [true, true, false, false]
        );
        assert_eq!(
            kept(&filter(&["date>2015-06"]), &years),
            [false, false, false, true]
        );
    }

    #[test]
    fn values_a_bound_cannot_decide_are_counted_and_named() {
        let f = filter(&["date>=2021-02"]);
        let mut tally = FilterTally::default();
        for d in [
            json!({"date": "s.d."}),
            json!({"date": "2021"}),
            json!({"date": "2021-03-04"}),
            json!({"date": "2020-12-01"}),
        ] {
            f.keeps(&meta(d), &mut tally);
        }
        assert_eq!(f.check(&tally).map_err(|e| e.to_string()), Ok(()));
        assert_eq!(
            f.notes(&tally),
            [
                "--where: 2 documents left out because their date cannot be compared with the \
              bound (first: \"s.d.\"); bounds compare dates (YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD) to the \
              bound's precision, and numbers"
            ]
        );
        // Nothing kept: the message gives the span of the dates, and the
        // values that could not be compared.
        let f = filter(&["date>=2030"]);
        let mut tally = FilterTally::default();
        for d in [json!({"date": "2019-05"}), json!({"date": "2021-03-04"})] {
            f.keeps(&meta(d), &mut tally);
        }
        assert_eq!(
            f.check(&tally).unwrap_err().to_string(),
            "--where date>=2030: no document of the 2 read is kept (date: dates from \
             \"2019-05\" to \"2021-03-04\"); no document meets all the conditions together"
        );
        assert!(f.notes(&tally).is_empty());
        // Times of one day: the span shows the first and the last; numbers
        // are not shown as years.
        let f = filter(&["d>2021-06-30", "n>=2021"]);
        let mut tally = FilterTally::default();
        for d in [
            json!({"d": "2021-06-30T20:00", "n": 1999}),
            json!({"d": "2021-06-30T08:00", "n": "2000"}),
        ] {
            f.keeps(&meta(d), &mut tally);
        }
        assert!(f.check(&tally).unwrap_err().to_string().contains(
            "(d: dates from \"2021-06-30T08:00\" to \"2021-06-30T20:00\"; n: numbers from \
             1999 to 2000)"
        ));
        let f = filter(&["n<5"]);
        let mut tally = FilterTally::default();
        // A list's whole (`7; 9`) is left to its items, which are numbers.
        for d in [
            json!({"n": "1000"}),
            json!({"n": "7; 9"}),
            json!({"n": "x"}),
        ] {
            f.keeps(&meta(d), &mut tally);
        }
        let mut other = FilterTally::default();
        f.keeps(&meta(json!({"n": 12.5})), &mut other);
        tally.merge(other);
        assert_eq!(
            f.check(&tally).unwrap_err().to_string(),
            "--where n<5: no document of the 4 read is kept (n: numbers from 7 to 1000); 1 \
             document has a value of n that cannot be compared with a bound (first: \"x\"): \
             bounds compare dates (YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD) to the bound's precision, and numbers"
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
    fn a_number_is_the_same_number_however_written() {
        // pandas writes a year column with gaps as floats: `2021.0`.
        let documents = [
            json!({"annee": 2021.0}),
            json!({"annee": 2021}),
            json!({"annee": "2021.0"}),
            json!({"annee": [2020, 2021.0]}),
            json!({"annee": 2021.5}),
            json!({"code": "01"}),
        ];
        let both = [true, true, false, true, false, false];
        assert_eq!(kept(&filter(&["annee=2021"]), &documents), both);
        assert_eq!(
            kept(&filter(&["annee=2021.0"]), &documents),
            [true, true, true, true, false, false]
        );
        assert_eq!(kept(&filter(&["annee=2.021e3"]), &documents), both);
        assert_eq!(
            kept(&filter(&["annee=2021.50"]), &documents),
            [false, false, false, false, true, false]
        );
        assert_eq!(
            kept(&filter(&["annee!=2021"]), &documents),
            [false, false, true, false, true, true]
        );
        // A string is compared as written: a département is not a number.
        assert_eq!(kept(&filter(&["code=1"]), &documents), [false; 6]);
        // The values seen are named as the tables write them.
        let f = filter(&["annee=1999"]);
        let mut tally = FilterTally::default();
        for d in &documents[..2] {
            f.keeps(&meta(d.clone()), &mut tally);
        }
        assert_eq!(
            f.check(&tally).unwrap_err().to_string(),
            "--where annee=1999: no document of the 2 read is kept (values of annee: \"2021\" \
             (2)); values are compared as written, capitals and accents included; to keep the documents whose annee is any of several values, repeat \
             --where (--where annee=A --where annee=B)"
        );
    }

    #[test]
    fn a_number_asked_that_text_writes_otherwise_is_told_so() {
        // A CSV exported by pandas: a year column with gaps, as text.
        let documents = [json!({"annee": "2021.0"}), json!({"annee": "2022.0"})];
        let f = filter(&["annee=2021"]);
        let mut tally = FilterTally::default();
        for d in &documents {
            assert!(!f.keeps(&meta(d.clone()), &mut tally));
        }
        assert_eq!(
            f.check(&tally).unwrap_err().to_string(),
            "--where annee=2021: no document of the 2 read is kept (values of annee: \
             \"2021.0\" (1), \"2022.0\" (1)); \"2021.0\" is the number 2021 written otherwise, \
             but as text (a CSV cell or a JSON string), which = compares as written (a code \
             \"01\" is not 1): write --where annee=2021.0, or give bounds, which compare \
             numbers (--where \"annee>=2021\" --where \"annee<=2021\")"
        );
        // The bounds it names keep the document.
        let bounds = filter(&["annee>=2021", "annee<=2021"]);
        assert_eq!(kept(&bounds, &documents), [true, false]);
        // A value no document holds as any number gets the usual message.
        let f = filter(&["annee=1999"]);
        let mut tally = FilterTally::default();
        for d in &documents {
            f.keeps(&meta(d.clone()), &mut tally);
        }
        let message = f.check(&tally).unwrap_err().to_string();
        assert!(
            message.contains("compared as written, capitals"),
            "{message}"
        );
    }

    #[test]
    fn malformed_conditions_say_how_to_write_them() {
        for (condition, what) in [
            ("parti", "no =, < or >"),
            ("=RN", "no field before ="),
            (" != RN", "no field before !="),
            ("parti=", "no value after ="),
            ("parti!= ", "no value after !="),
            ("date>=", "no value after >="),
            ("<2020", "no field before <"),
            (
                "date<=juin",
                "the bound \"juin\" after <= is neither a date nor a number",
            ),
            (
                "date>2020-13",
                "the bound \"2020-13\" after > is no calendar date",
            ),
            (
                "n<inf",
                "the bound \"inf\" after < is neither a date nor a number",
            ),
            (
                "date>=2023-02-29",
                "the bound \"2023-02-29\" after >= is no calendar date",
            ),
            (
                "date>2021-06-30T12:00",
                "the bound \"2021-06-30T12:00\" after > has a time, and bounds compare days at \
                 most: write \"2021-06-30\"",
            ),
            (
                "date=>2021",
                "= followed by >: a bound is written with = last (>=, <=)",
            ),
            (
                "date!=<2021",
                "!= followed by <: a bound is written with = last (>=, <=)",
            ),
            (
                "groupe<>RN",
                "<> is no operator: != is the syntax (groupe!=RN)",
            ),
            (
                "groupe==Renaissance",
                "== is no operator: one = is the syntax (groupe=Renaissance)",
            ),
            (
                "groupe != = RN",
                "!== is no operator: one = is the syntax (groupe!=RN)",
            ),
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
    fn a_list_in_one_condition_that_no_document_has_is_noted() {
        let f = filter(&["parti=RN", "parti=LR,PS"]);
        let mut tally = FilterTally::default();
        for d in [json!({"parti": "RN"}), json!({"parti": "PS"})] {
            f.keeps(&meta(d), &mut tally);
        }
        assert_eq!(f.check(&tally).map_err(|e| e.to_string()), Ok(()));
        assert_eq!(
            f.notes(&tally),
            [
                "--where parti=LR,PS: no document has the value \"LR,PS\", which is one value, \
              not a list; to keep the documents whose parti is any of several values, repeat \
              --where (--where parti=LR --where parti=PS)"
            ]
        );
        // Refused with `!=`, such a value leaves no document out.
        let f = filter(&["parti!=LR,PS"]);
        let mut tally = FilterTally::default();
        for d in [json!({"parti": "RN"}), json!({"parti": "PS"})] {
            assert!(f.keeps(&meta(d), &mut tally));
        }
        assert_eq!(
            f.notes(&tally),
            [
                "--where parti!=LR,PS: no document has the value \"LR,PS\", which is one value, \
              not a list, and leaves no document out; to leave out the documents whose parti \
              is any of several values, repeat --where (--where \"parti!=LR\" --where \
              \"parti!=PS\")"
            ]
        );
        let f = filter(&["titre!=Oui, mais"]);
        let mut tally = FilterTally::default();
        f.keeps(&meta(json!({"titre": "Oui, mais"})), &mut tally);
        f.keeps(&meta(json!({"titre": "Non"})), &mut tally);
        assert!(f.notes(&tally).is_empty());
        // A value with a comma that documents have is no list.
        let f = filter(&["titre=Oui, mais"]);
        let mut tally = FilterTally::default();
        f.keeps(&meta(json!({"titre": "Oui, mais"})), &mut tally);
        assert!(f.notes(&tally).is_empty());
        // Nor is one that a document has after the first VALUES_KEPT
        // values of the field, which the tally does not list.
        let f = filter(&["titre=Oui, mais"]);
        let mut tally = FilterTally::default();
        for k in 0..VALUES_KEPT {
            f.keeps(&meta(json!({ "titre": format!("titre {k}") })), &mut tally);
        }
        f.keeps(&meta(json!({"titre": "Oui, mais"})), &mut tally);
        assert_eq!(tally.kept, 1);
        assert!(f.notes(&tally).is_empty(), "{:?}", f.notes(&tally));
        // Nor when the tallies of several corpora are merged.
        let mut merged = FilterTally::default();
        merged.merge(FilterTally::default());
        merged.merge(tally);
        assert!(f.notes(&merged).is_empty(), "{:?}", f.notes(&merged));
        // And when nothing is kept, a value asked that some document has
        // is said to be there, however many values the field has.
        let f = filter(&["titre=Oui, mais", "parti=RN"]);
        let mut tally = FilterTally::default();
        for k in 0..VALUES_KEPT {
            f.keeps(
                &meta(json!({ "titre": format!("titre {k}"), "parti": "RN" })),
                &mut tally,
            );
        }
        f.keeps(
            &meta(json!({"titre": "Oui, mais", "parti": "LR"})),
            &mut tally,
        );
        let message = f.check(&tally).unwrap_err().to_string();
        assert!(
            message.ends_with("each value asked is in some document, but no document meets all the conditions together"),
            "{message}"
        );
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
             \"LR\" (1)); values are compared as written, capitals and accents included; to \
             keep the documents whose parti is any of several values, repeat --where (--where \
             parti=A --where parti=B)"
        );
        // Several values in one condition: the message says to repeat it.
        assert!(check(&["parti=RN, Les Républicains"])
            .unwrap_err()
            .ends_with(
                "; \"RN, Les Républicains\" is one value, not a list: to keep the documents \
                 whose parti is any of several values, repeat --where (--where parti=RN \
                 --where \"parti=Les Républicains\")"
            ));
        assert_eq!(
            check(&["partie!=RN"]).unwrap_err(),
            "--where: no document has a field \"partie\" (fields of the documents: \
             \"date\", \"parti\"); check the field's name"
        );
        // A strict bound of a year or a month: the dates within it are
        // neither before nor after it, which the message says.
        assert!(check(&["date>2024"]).unwrap_err().ends_with(
            "no document meets all the conditions together; a bound compares dates to its \
             own precision, so any date in 2024 is equal to the bound 2024 of date, neither \
             before nor after it, which >= and <= keep"
        ));
        assert!(check(&["date<2023-06-01"])
            .unwrap_err()
            .ends_with("no document meets all the conditions together"));
        // Values that each exist, but never together.
        assert!(check(&["parti=LR", "date=2024"]).unwrap_err().ends_with(
            "each value asked is in some document, but no document meets all the \
                        conditions together"
        ));
        // A value between quotes, as SQL writes strings: the quotes are
        // part of it, which the list of values, quoted, would not show.
        assert_eq!(
            check(&["parti=\"RN\""]).unwrap_err(),
            "--where parti=\"RN\": no document of the 3 read is kept (values of parti: \"RN\" \
             (2), \"LR\" (1)); values are compared as written, capitals and accents included; \
             the quotes of \"\\\"RN\\\"\" are compared as part of the value: write --where \
             parti=RN (quotes around a whole condition, which the shell reads, are not part of \
             it)"
        );
        for (condition, written) in [
            (
                "parti='Les Républicains'",
                "--where \"parti=Les Républicains\"",
            ),
            ("parti=« LR »", "--where parti=LR"),
            ("parti=“LR”", "--where parti=LR"),
        ] {
            let message = check(&[condition]).unwrap_err();
            assert!(
                message.contains(&format!("part of the value: write {written} (")),
                "{message}"
            );
        }
        // Quotes that enclose nothing, or do not pair, are left to the
        // general hint.
        for condition in ["parti=\"\"", "parti=\"RN", "parti=«RN\""] {
            let message = check(&[condition]).unwrap_err();
            assert!(!message.contains("quotes of"), "{message}");
        }
        // Nothing read, nothing to say.
        let f = filter(&["parti=RN"]);
        assert_eq!(
            f.check(&FilterTally::default()).map_err(|e| e.to_string()),
            Ok(())
        );
    }
}
