//! Calendar dates as metadata writes them: `YYYY-MM-DD` (perhaps followed
//! by `T` or a space and a time, `HH` or `HH:MM` and whatever follows it),
//! `YYYYMMDD` (ISO 8601's basic format), `YYYY-MM` or `YYYY`. One reader serves
//! `compare --by FIELD:year|quarter|month` and `--over`, and the date
//! bounds of `--where FIELD>=DATE`, so that a value is a date to both or
//! to neither.

use std::cmp::Ordering;

/// A date to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// The year, 0 to 9999.
    pub year: u32,
    /// The month, 1 to 12, when written.
    pub month: Option<u32>,
    /// The day, valid for its month, when written (then the month is too).
    pub day: Option<u32>,
}

impl Date {
    /// Reads `text` as a date; `None` for anything else (`2024-13-45`,
    /// `2024-02-30`, `24/05/2024`, `20241345`, a number of more than four
    /// digits but a valid `YYYYMMDD`, a day followed by anything but a time).
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let digits = bytes.get(range)?;
            digits
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        };
        let year = number(0..4)?;
        if bytes.len() == 8 {
            // ISO 8601's basic format, as some exports write a day.
            let month = number(4..6).filter(|m| (1..=12).contains(m))?;
            let day = number(6..8).filter(|d| (1..=days_in_month(year, month)).contains(d))?;
            return Some(Date {
                year,
                month: Some(month),
                day: Some(day),
            });
        }
        let (month, day) = match bytes.len() {
            4 => (None, None),
            _ if bytes[4] != b'-' => return None,
            len => {
                let month = number(5..7).filter(|m| (1..=12).contains(m))?;
                let day = match len {
                    7 => None,
                    _ => {
                        let day = number(8..10).filter(|d| *d >= 1)?;
                        if bytes[7] != b'-' || day > days_in_month(year, month) {
                            return None;
                        }
                        if len > 10 {
                            let hour = number(11..13).filter(|h| *h < 24);
                            let minute = || number(14..16).filter(|m| *m < 60);
                            if !matches!(bytes[10], b'T' | b' ')
                                || hour.is_none()
                                || (len > 13 && (bytes[13] != b':' || minute().is_none()))
                            {
                                return None;
                            }
                        }
                        Some(day)
                    }
                };
                (Some(month), day)
            }
        };
        Some(Date { year, month, day })
    }

    /// How `self` compares with `bound` to the bound's precision (`2024-05-03`
    /// is equal to the bound `2024-05` and to `2024`, after `2024-04`);
    /// `None` when `self` is less precise than the bound and the part it
    /// has is the bound's (`2024` against `2024-05`), which cannot be
    /// decided (`2023` is before `2024-05`).
    pub fn cmp_to(&self, bound: &Date) -> Option<Ordering> {
        let ordering = self.year.cmp(&bound.year);
        if ordering != Ordering::Equal {
            return Some(ordering);
        }
        for (ours, theirs) in [(self.month, bound.month), (self.day, bound.day)] {
            match (ours, theirs) {
                (_, None) => break,
                (None, Some(_)) => return None,
                (Some(a), Some(b)) if a != b => return Some(a.cmp(&b)),
                _ => {}
            }
        }
        Some(Ordering::Equal)
    }
}

/// Days in `month` (1–12) of `year`, in the Gregorian calendar.
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_and_refused() {
        let date = |y, m, d| {
            Some(Date {
                year: y,
                month: m,
                day: d,
            })
        };
        assert_eq!(Date::parse("2024"), date(2024, None, None));
        assert_eq!(Date::parse("2024-05"), date(2024, Some(5), None));
        assert_eq!(Date::parse("2024-02-29"), date(2024, Some(2), Some(29)));
        assert_eq!(
            Date::parse("2024-02-29T10:00"),
            date(2024, Some(2), Some(29))
        );
        assert_eq!(
            Date::parse("2024-02-29 10:00"),
            date(2024, Some(2), Some(29))
        );
        assert_eq!(
            Date::parse("2024-02-29T23:59:60.5+01:00"),
            date(2024, Some(2), Some(29))
        );
        assert_eq!(Date::parse("2024-02-29T10"), date(2024, Some(2), Some(29)));
        assert_eq!(Date::parse("20240229"), date(2024, Some(2), Some(29)));
        assert_eq!(Date::parse("19991231"), date(1999, Some(12), Some(31)));
        for no in [
            "20230229",
            "20241301",
            "20240500",
            "12345678",
            "2024052",
            "202405",
            "202405011",
            "20240501T10:00",
            "",
            "202",
            "20245",
            "2023-02-29",
            "2024-13",
            "2024-00",
            "2024-5",
            "2024-05-00",
            "2024-05-1",
            "2024-05-01x",
            "2024/05/01",
            "24/05/2024",
            "an 2024",
            "2024-05-01T",
            "2024-05-01 et 02",
            "2024-05-01T24:00",
            "2024-05-01T10h30",
            "2024-05-01T10:6",
            "2024-05-01 1:00",
            "2024-05-01T1",
            "2024-05-01T10:",
            "2024-05-01T10h",
        ] {
            assert_eq!(Date::parse(no), None, "{no}");
        }
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
    }

    #[test]
    fn dates_compare_to_the_precision_of_the_bound() {
        let d = |s| Date::parse(s).unwrap();
        let day = d("2024-05-03");
        assert_eq!(day.cmp_to(&d("2024")), Some(Ordering::Equal));
        assert_eq!(day.cmp_to(&d("2023")), Some(Ordering::Greater));
        assert_eq!(day.cmp_to(&d("2024-05")), Some(Ordering::Equal));
        assert_eq!(day.cmp_to(&d("2024-04")), Some(Ordering::Greater));
        assert_eq!(day.cmp_to(&d("2024-06")), Some(Ordering::Less));
        assert_eq!(day.cmp_to(&d("2024-05-04")), Some(Ordering::Less));
        assert_eq!(day.cmp_to(&d("2025-01-01")), Some(Ordering::Less));
        // The year decides before the month does.
        assert_eq!(d("2023-12").cmp_to(&d("2024-01")), Some(Ordering::Less));
        assert_eq!(d("2024").cmp_to(&d("2024-05")), None);
        assert_eq!(d("2024-05").cmp_to(&d("2024-05-03")), None);
        // A less precise date that differs where it is precise is decided.
        assert_eq!(d("2023").cmp_to(&d("2024-05")), Some(Ordering::Less));
        assert_eq!(d("2025").cmp_to(&d("2024-05-03")), Some(Ordering::Greater));
        assert_eq!(d("2024-04").cmp_to(&d("2024-05-03")), Some(Ordering::Less));
        assert_eq!(
            d("2024-06").cmp_to(&d("2024-05-03")),
            Some(Ordering::Greater)
        );
    }
}
