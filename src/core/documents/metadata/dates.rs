//! Dates as people write them (`March 2, 2017`, `02/03/2017`, `Thursday, 02 March, 2017,
//! 4:27pm`, a URL's `/2017/03/02/`), read into ISO `YYYY-MM-DD` when they can be read for sure.

use super::labels::url_token;
use super::{DateRank, strip_prefix_ci};

/// `Published March 2, 2017` without a colon; strict, since such words also open sentences.
pub(super) fn prefixed_date(s: &str) -> Option<(DateRank, String)> {
    const PREFIXES: [(&str, DateRank); 7] = [
        ("published on ", DateRank::Published),
        ("published ", DateRank::Published),
        ("posted on ", DateRank::Published),
        ("posted ", DateRank::Published),
        ("updated on ", DateRank::Updated),
        ("last updated ", DateRank::Updated),
        ("updated ", DateRank::Updated),
    ];
    PREFIXES.iter().find_map(|&(prefix, rank)| {
        let date = parse_date(strip_prefix_ci(s, prefix)?)?;
        Some((rank, date))
    })
}

/// The date in a URL's `/YYYY/MM/DD/` path, as news and think-tank sites write them.
pub(super) fn url_date(url: &str) -> Option<String> {
    url_token(url)?;
    let segments: Vec<&str> = url.split('/').collect();
    segments.windows(3).find_map(|w| {
        let ymd = (
            number(w[0], 4, 4)? as u16,
            number(w[1], 1, 2)? as u8,
            number(w[2], 1, 2)? as u8,
        );
        valid_date(ymd).then(|| format_ymd(ymd))
    })
}

pub(super) type Ymd = (u16, u8, u8);

/// A date written in one of the common English forms, as ISO "YYYY-MM-DD".
///
/// Accepts `2017-03-02` (also `2017/03/02`, `2017-03-02T10:00Z`, `2017年3月2日`), `2 March 2017`,
/// `March 2, 2017`, `Mar. 2, 2017`, ordinals (`March 3rd,2017`), a leading weekday and a trailing
/// time (`Thursday, 02 March, 2017, 4:27pm`). Returns `None` rather than guess: day-first versus
/// month-first numbers (`03/02/2017`), two-digit years, a missing day, anything left over.
pub(super) fn parse_date(s: &str) -> Option<String> {
    // Every date read has a year of four ASCII digits: most lines are rejected here, before
    // they are split (metadata is read from each document of a corpus as it is listed).
    let year = s
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    if !year {
        return None;
    }
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("of"))
        .collect();
    let tokens = match tokens.split_first() {
        Some((first, rest)) if weekday(first) => rest,
        _ => &tokens[..],
    };
    let (ymd, rest) = date_tokens(tokens)?;
    (rest.is_empty() || is_time(rest)).then(|| format_ymd(ymd))
}

pub(super) fn date_tokens<'a>(tokens: &'a [&'a str]) -> Option<(Ymd, &'a [&'a str])> {
    let (first, rest) = tokens.split_first()?;
    if let Some((ymd, time)) = numeric_date(first) {
        return (time.is_empty() || is_clock(time)).then_some((ymd, rest));
    }
    let [a, b, c, rest @ ..] = tokens else {
        return None;
    };
    let year = number(c, 4, 4)? as u16;
    let ymd = match (month(a), month(b)) {
        (Some(m), None) => (year, m, day(b)?),
        (None, Some(m)) => (year, m, day(a)?),
        _ => return None,
    };
    valid_date(ymd).then_some((ymd, rest))
}

/// `2017-03-02`, `2017/3/2`, `2017年3月2日`, with whatever time is glued on after them.
pub(super) fn numeric_date(token: &str) -> Option<(Ymd, &str)> {
    let (year, rest) = leading_number(token, 4, 4)?;
    let sep = rest.chars().next()?;
    let month_end = match sep {
        '-' | '/' => sep,
        '年' => '月',
        _ => return None,
    };
    let (month, rest) = leading_number(&rest[sep.len_utf8()..], 1, 2)?;
    let (day, rest) = leading_number(rest.strip_prefix(month_end)?, 1, 2)?;
    let time = if sep == '年' {
        rest.strip_prefix('日')?
    } else if rest.is_empty() {
        rest
    } else {
        rest.strip_prefix(['T', 't'])?
    };
    let ymd = (year as u16, month as u8, day as u8);
    valid_date(ymd).then_some((ymd, time))
}

pub(super) fn leading_number(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if !(min..=max).contains(&digits) {
        return None;
    }
    Some((s[..digits].parse().ok()?, &s[digits..]))
}

pub(super) fn number(s: &str, min: usize, max: usize) -> Option<u32> {
    leading_number(s, min, max)
        .filter(|(_, rest)| rest.is_empty())
        .map(|(n, _)| n)
}

pub(super) fn day(token: &str) -> Option<u8> {
    let (n, suffix) = leading_number(token, 1, 2)?;
    let ordinal = ["", "st", "nd", "rd", "th"]
        .iter()
        .any(|s| suffix.eq_ignore_ascii_case(s));
    ordinal.then_some(n as u8)
}

pub(super) fn month(token: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let token = token.to_ascii_lowercase();
    let index = MONTHS
        .iter()
        .position(|m| *m == token || (token.len() == 3 && m.starts_with(&token)))
        .or((token == "sept").then_some(8))?;
    Some(index as u8 + 1)
}

pub(super) fn weekday(token: &str) -> bool {
    matches!(
        token.to_ascii_lowercase().as_str(),
        "monday"
            | "mon"
            | "tuesday"
            | "tue"
            | "tues"
            | "wednesday"
            | "wed"
            | "thursday"
            | "thu"
            | "thur"
            | "thurs"
            | "friday"
            | "fri"
            | "saturday"
            | "sat"
            | "sunday"
            | "sun"
    )
}

/// What may follow a date: `4:27pm`, `at 16:27 GMT`, `10:00 a.m. EST`.
pub(super) fn is_time(tokens: &[&str]) -> bool {
    let tokens = match tokens.split_first() {
        Some((first, rest)) if first.eq_ignore_ascii_case("at") => rest,
        _ => tokens,
    };
    let Some((clock, zone)) = tokens.split_first() else {
        return false;
    };
    is_clock(clock) && zone.iter().all(|t| meridiem(t) || time_zone(t))
}

pub(super) fn is_clock(token: &str) -> bool {
    let lower = token.to_ascii_lowercase().replace('.', "");
    let (clock, has_meridiem) = match lower.strip_suffix("am").or(lower.strip_suffix("pm")) {
        Some(clock) => (clock, true),
        None => (lower.as_str(), false),
    };
    let clock = clock.strip_suffix('z').unwrap_or(clock);
    let (clock, offset) = clock
        .split_once(['+', '-'])
        .map_or((clock, None), |(c, o)| (c, Some(o)));
    if offset.is_some_and(|o| o.is_empty() || !o.chars().all(|c| c.is_ascii_digit() || c == ':')) {
        return false;
    }
    let mut parts = clock.split(':');
    let hour_ok = parts
        .next()
        .and_then(|h| number(h, 1, 2))
        .is_some_and(|h| h <= 23);
    let rest: Vec<&str> = parts.collect();
    hour_ok
        && (has_meridiem || !rest.is_empty())
        && rest.len() <= 2
        && rest
            .iter()
            .all(|p| number(p, 2, 2).is_some_and(|n| n <= 59))
}

pub(super) fn meridiem(token: &str) -> bool {
    let t = token.to_ascii_lowercase().replace('.', "");
    t == "am" || t == "pm"
}

/// `GMT`, `HKT`, `UTC+8`, `(EST)`, `+08:00`.
pub(super) fn time_zone(token: &str) -> bool {
    let token = token.trim_start_matches('(').trim_end_matches(')');
    let (letters, offset) = token
        .split_once(['+', '-'])
        .map_or((token, None), |(l, o)| (l, Some(o)));
    let letters_ok = letters.is_empty()
        || ((2..=5).contains(&letters.len()) && letters.chars().all(|c| c.is_ascii_uppercase()));
    let offset_ok =
        offset.is_none_or(|o| !o.is_empty() && o.chars().all(|c| c.is_ascii_digit() || c == ':'));
    letters_ok && offset_ok && (!letters.is_empty() || offset.is_some())
}

pub(super) fn valid_date((year, month, day): Ymd) -> bool {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1000 && (1..=days).contains(&day)
}

pub(super) fn format_ymd((year, month, day): Ymd) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_forms() {
        let cases = [
            ("2017-03-02", "2017-03-02"),
            ("2017/3/2", "2017-03-02"),
            ("2017-03-02T16:27:00Z", "2017-03-02"),
            ("2017-03-02 16:27", "2017-03-02"),
            ("2 March 2017", "2017-03-02"),
            ("02 March, 2017", "2017-03-02"),
            ("March 2, 2017", "2017-03-02"),
            ("march 2 2017", "2017-03-02"),
            ("Mar. 2, 2017", "2017-03-02"),
            ("Sept. 30, 2017", "2017-09-30"),
            ("1st May 2017", "2017-05-01"),
            ("March 2nd, 2017", "2017-03-02"),
            ("March 3rd,2017", "2017-03-03"),
            ("4th of July 2017", "2017-07-04"),
            ("Thursday, 02 March, 2017, 4:27pm", "2017-03-02"),
            ("Thu, Mar 2, 2017 at 10:00 a.m. EST", "2017-03-02"),
            ("March 2, 2017 16:27 GMT+8", "2017-03-02"),
            ("Feb 29, 2016", "2016-02-29"),
            ("2017年3月2日", "2017-03-02"),
        ];
        for (text, iso) in cases {
            assert_eq!(parse_date(text).as_deref(), Some(iso), "{text}");
        }
    }

    #[test]
    fn unsure_dates_are_none() {
        for text in [
            "03/02/2017",
            "March 2017",
            "March 2, 17",
            "Feb 29, 2017",
            "April 31, 2017",
            "Marc 2, 2017",
            "March 2, 2017 and then some",
            "March 2, 2017 EST",
            "2017-13-01",
            "2017-03-02x",
            "Thursday",
            "",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://example.com/2013/09/20/story").as_deref(),
            Some("2013-09-20")
        );
        assert_eq!(url_date("https://example.com/2013/09/story"), None);
        assert_eq!(url_date("Getty"), None);
    }
}
