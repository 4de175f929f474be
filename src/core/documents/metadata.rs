//! Title, author, date and source of a document, read from the document itself.
//!
//! The shipped documents are dumps of web pages, so these facts sit in conventional lines near the
//! top (`Author: …`, `PUBLISHED : …`, `Commentary | March 18, 2014`) or the bottom (`Written by …`,
//! `Source http://…`). A TOML front-matter block lets a user state them outright.

mod dates;
mod front_matter;
mod labels;

use dates::url_date;
use front_matter::split_front_matter;
use labels::read_line;

/// Lines read from the top of the body (after any front matter). 80 rather than 60 leaves room
/// for page furniture: 003 puts its `Source http://…` line at line 52.
const HEAD_LINES: usize = 80;
/// Lines read from the bottom, where bylines and source links of web pages end up.
const TAIL_LINES: usize = 60;
/// Each window is also capped in bytes, so that a document made of a few huge lines is not read
/// to its end just to find line breaks.
const WINDOW_BYTES: usize = 64 * 1024;
/// How far to look for the closing `+++` before calling the block unclosed.
const FRONT_MATTER_MAX_LINES: usize = 100;
/// Longer lines are prose, not metadata; the cap also bounds the work spent on each line.
const MAX_METADATA_LINE_BYTES: usize = 300;
/// The document list has one row per document; a first line can be a whole paragraph.
const MAX_TITLE_CHARS: usize = 200;
/// For a document that holds nothing but front matter without a title.
const UNTITLED: &str = "Untitled";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Never empty for a non-empty doc; "" for an empty (or whitespace-only) doc.
    pub title: String,
    pub author: Option<String>,
    /// ISO "YYYY-MM-DD" when the date could be parsed, else the raw text as written.
    pub date: Option<String>,
    pub source: Option<String>,
    /// A problem worth telling the user (e.g. a broken front-matter block), with the line number.
    pub warning: Option<String>,
}

/// Reads the metadata of a document.
///
/// `text` is canonical text (LF line endings, no BOM). Only the front matter (up to 100 lines),
/// the first 80 and the last 60 lines of the body are read, each window also capped at 64 KiB, so
/// the cost does not grow with the size of the document; metadata lines in the middle of a long
/// document are not seen.
///
/// Front matter overrides the text. Among lines, labelled ones win (`Date:` over `Published:` over
/// a bare date over `Updated:`; a source URL over `Posted on: <publication>, …` over `Source:
/// <text>`), then the earliest; a parsed date beats a source URL's `/YYYY/MM/DD/`, which beats a
/// date that could not be parsed.
pub fn extract(text: &str) -> Metadata {
    if text.trim().is_empty() {
        return Metadata::default();
    }
    let (front, body) = split_front_matter(text);
    let (head, rest) = head_lines(body);
    let tail = tail_lines(rest);

    let mut found = Found::default();
    let mut first_plain_line = None;
    for line in &head {
        if !found.read(line) && first_plain_line.is_none() && !line.trim().is_empty() {
            first_plain_line = Some(line.trim());
        }
    }
    for line in &tail {
        found.read(line);
    }

    let title = front.title.unwrap_or_else(|| {
        found
            .title
            .as_deref()
            .or(first_plain_line)
            .or_else(|| first_line(body))
            .map_or_else(|| UNTITLED.to_string(), clip_title)
    });
    let source = front.source.or(found.source.map(|(_, s)| s));
    let date = front
        .date
        .or(found.date.map(|(_, d)| d))
        .or_else(|| source.as_deref().and_then(url_date))
        .or(found.raw_date.map(|(_, d)| d));
    Metadata {
        title,
        author: front.author.or(found.author.map(|(_, a)| a)),
        date,
        source,
        warning: front.warning,
    }
}

/// The first lines of the body and the rest after them. A line cut by the byte cap is left to the
/// rest: its fragment could look like a label.
fn head_lines(body: &str) -> (Vec<&str>, &str) {
    let region = &body[..body.floor_char_boundary(WINDOW_BYTES)];
    let mut lines = Vec::new();
    let mut end = 0;
    for piece in region.split_inclusive('\n').take(HEAD_LINES) {
        let line = match piece.strip_suffix('\n') {
            Some(line) => line,
            None if region.len() == body.len() => piece,
            None => break,
        };
        lines.push(line);
        end += piece.len();
    }
    (lines, &body[end..])
}

/// The last lines of `rest`, read backwards from its end.
fn tail_lines(rest: &str) -> Vec<&str> {
    let start = rest.ceil_char_boundary(rest.len().saturating_sub(WINDOW_BYTES));
    let region = if start == 0 || rest.as_bytes()[start - 1] == b'\n' {
        &rest[start..]
    } else {
        rest[start..]
            .split_once('\n')
            .map_or("", |(_, after)| after)
    };
    let mut lines: Vec<&str> = region.lines().rev().take(TAIL_LINES).collect();
    lines.reverse();
    lines
}

/// The first non-empty line, for a body whose top holds nothing but metadata or blank lines.
fn first_line(body: &str) -> Option<&str> {
    let start = body.trim_start();
    let region = &start[..start.floor_char_boundary(WINDOW_BYTES)];
    region
        .lines()
        .next()
        .map(str::trim)
        .filter(|l| !l.is_empty())
}

fn clip_title(line: &str) -> String {
    let mut starts = line
        .char_indices()
        .map(|(at, _)| at)
        .skip(MAX_TITLE_CHARS - 1);
    match (starts.next(), starts.next()) {
        (Some(cut), Some(_)) => format!("{}…", &line[..cut]),
        _ => line.to_string(),
    }
}

// Lower variants win.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum AuthorRank {
    Label,
    Byline,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DateRank {
    Label,
    Published,
    Bare,
    Updated,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SourceRank {
    Url,
    // `Posted on: Global Times, …` names the publication; a bare `Source: Getty` under a title
    // is usually a photo credit.
    Publication,
    Label,
}

enum Fact {
    Title(String),
    Author(AuthorRank, String),
    Date(DateRank, String),
    RawDate(DateRank, String),
    Source(SourceRank, String),
}

#[derive(Default)]
struct Found {
    title: Option<String>,
    author: Option<(AuthorRank, String)>,
    date: Option<(DateRank, String)>,
    raw_date: Option<(DateRank, String)>,
    source: Option<(SourceRank, String)>,
}

impl Found {
    /// Records what a line says; false if it is an ordinary line of text.
    fn read(&mut self, line: &str) -> bool {
        let Some(facts) = read_line(line) else {
            return false;
        };
        for fact in facts {
            match fact {
                Fact::Title(t) => {
                    self.title.get_or_insert(t);
                }
                Fact::Author(rank, a) => keep_best(&mut self.author, rank, a),
                Fact::Date(rank, d) => keep_best(&mut self.date, rank, d),
                Fact::RawDate(rank, d) => keep_best(&mut self.raw_date, rank, d),
                Fact::Source(rank, s) => keep_best(&mut self.source, rank, s),
            }
        }
        true
    }
}

/// Lines are read top to bottom, so on a tie the earlier one stays.
fn keep_best<R: Ord>(slot: &mut Option<(R, String)>, rank: R, value: String) {
    if slot.as_ref().is_none_or(|(held, _)| rank < *held) {
        *slot = Some((rank, value));
    }
}
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(
        title: &str,
        author: Option<&str>,
        date: Option<&str>,
        source: Option<&str>,
    ) -> Metadata {
        Metadata {
            title: title.to_string(),
            author: author.map(str::to_string),
            date: date.map(str::to_string),
            source: source.map(str::to_string),
            warning: None,
        }
    }

    #[test]
    fn shipped_000_published_wins_over_updated() {
        assert_eq!(
            extract(include_str!("../../../corpus/000_073045cb8793dce5.txt")),
            meta(
                "Forget the Great Firewall ... China is beefing up its ability to police all cyberspace",
                None,
                Some("2017-03-02"),
                None,
            )
        );
    }

    #[test]
    fn shipped_001_author_and_posted_on() {
        assert_eq!(
            extract(include_str!("../../../corpus/001_bcba7e35c127046e.txt")),
            meta(
                "China opposes using Internet to interfere",
                Some("Bai Tiantian"),
                Some("2017-03-03"),
                Some("Global Times"),
            )
        );
    }

    #[test]
    fn shipped_002_written_by_at_the_bottom() {
        assert_eq!(
            extract(include_str!("../../../corpus/002_3e2178b0d7cc894e.txt")),
            meta(
                "China looks to unseat U.S. as leader on global internet policy",
                Some("Chris Bing"),
                None,
                None,
            )
        );
    }

    #[test]
    fn shipped_003_source_url_over_photo_credit_and_date_from_url() {
        assert_eq!(
            extract(include_str!("../../../corpus/003_51e4aaa34ca25599.txt")),
            meta(
                "Chinese Views on Cybersecurity in Foreign Relations",
                None,
                Some("2013-09-20"),
                Some(
                    "http://carnegieendowment.org/2013/09/20/chinese-views-on-cybersecurity-in-foreign-relations/gnx9"
                ),
            )
        );
    }

    #[test]
    fn shipped_004_date_after_a_bar() {
        assert_eq!(
            extract(include_str!("../../../corpus/004_5fd63ba584e4c364.txt")),
            meta(
                "China's Cybersecurity Push and the Need for Sino-U.S. Cooperation",
                None,
                Some("2014-03-18"),
                None,
            )
        );
    }

    #[test]
    fn empty_and_whitespace_only_text() {
        assert_eq!(extract(""), Metadata::default());
        assert_eq!(extract("  \n\n\t \n"), Metadata::default());
    }

    #[test]
    fn front_matter_overrides_the_text() {
        let text = "+++\ntitle = \"Chosen title\"\nauthor = \"A. Editor\"\ndate = 2020-01-31\n\
                    source = \"Archive\"\ntags = [\"x\"]\n+++\nHeadline in the text\nAuthor: Someone Else\n\
                    Date: 2017-03-02\nSource: Elsewhere\n";
        assert_eq!(
            extract(text),
            meta(
                "Chosen title",
                Some("A. Editor"),
                Some("2020-01-31"),
                Some("Archive")
            )
        );
    }

    #[test]
    fn front_matter_fills_in_only_what_it_has() {
        let text = "+++\ndate = \"March 2, 2017\"\n+++\n\nHeadline\nBy Jane Doe\n";
        assert_eq!(
            extract(text),
            meta("Headline", Some("Jane Doe"), Some("2017-03-02"), None)
        );
        let raw = "+++\ndate = \"spring 2017\"\n+++\nHeadline\n";
        assert_eq!(extract(raw).date.as_deref(), Some("spring 2017"));
        let datetime = "+++\ndate = 2017-03-02T16:27:00+08:00\n+++\nHeadline\n";
        assert_eq!(extract(datetime).date.as_deref(), Some("2017-03-02"));
    }

    #[test]
    fn front_matter_without_a_title_or_body() {
        assert_eq!(
            extract("+++\nauthor = \"A\"\n+++\n"),
            meta(UNTITLED, Some("A"), None, None)
        );
    }

    #[test]
    fn invalid_front_matter_warns_with_its_line_and_falls_back() {
        let text = "+++\ntitle = \"Fine\"\nauthor = Bai\n+++\nHeadline\nAuthor: Bai Tiantian\n";
        let m = extract(text);
        assert_eq!(m.title, "Headline");
        assert_eq!(m.author.as_deref(), Some("Bai Tiantian"));
        assert_eq!(
            m.warning.as_deref(),
            Some(
                "front matter at line 3: string values must be quoted, expected literal string; \
                 fix it or remove the +++ block"
            )
        );
    }

    #[test]
    fn front_matter_with_a_wrong_type_warns() {
        let m = extract("+++\ntitle = 5\n+++\nHeadline\n");
        assert_eq!(m.title, "Headline");
        assert!(m.warning.unwrap().starts_with("front matter at line 2: "));
        let m = extract("+++\n\ndate = [1]\n+++\nHeadline\n");
        assert_eq!(m.title, "Headline");
        assert_eq!(
            m.warning.as_deref(),
            Some(
                "front matter at line 3: `date` must be a string or a date; fix it or remove the +++ block"
            )
        );
    }

    #[test]
    fn unclosed_front_matter_warns_and_is_not_the_title() {
        let m = extract("+++\ntitle = \"Draft\"\n# note\n\nReal headline\nMore text.\n");
        assert_eq!(m.title, "Real headline");
        assert_eq!(
            m.warning.as_deref(),
            Some("front matter at line 1: no closing +++ line; fix it or remove the +++ block")
        );
    }

    #[test]
    fn plus_signs_later_in_the_text_are_not_front_matter() {
        let m = extract("Headline\n+++\ntitle = \"x\"\n+++\n");
        assert_eq!(m.title, "Headline");
        assert_eq!(m.warning, None);
    }

    #[test]
    fn labelled_lines() {
        let text = "Site navigation\nTitle: The Real Title\nDate: 2017-03-02\nSource: Reuters\nAuthors: A and B\n";
        assert_eq!(
            extract(text),
            meta(
                "The Real Title",
                Some("A and B"),
                Some("2017-03-02"),
                Some("Reuters")
            )
        );
    }

    #[test]
    fn metadata_lines_are_skipped_for_the_title() {
        let text =
            "By Jane Doe\nMarch 2, 2017\nUpdated: 3 March 2017\n\nHeadline after the byline\n";
        assert_eq!(
            extract(text),
            meta(
                "Headline after the byline",
                Some("Jane Doe"),
                Some("2017-03-02"),
                None
            )
        );
    }

    #[test]
    fn only_metadata_lines_gives_the_first_line_as_title() {
        let m = extract("\n\nAuthor: Bai Tiantian\nDate: 2017-03-02\n");
        assert_eq!(m.title, "Author: Bai Tiantian");
        assert_eq!(m.author.as_deref(), Some("Bai Tiantian"));
    }

    #[test]
    fn label_ranks() {
        let text = "Headline\nUPDATED : Friday, 03 March, 2017, 6:13am\nPUBLISHED : Thursday, 02 March, 2017, 4:27pm\n\
                    Source: Getty\nPosted on: Global Times, March 3rd,2017\nSource: https://example.com/a\n";
        assert_eq!(
            extract(text),
            meta(
                "Headline",
                None,
                Some("2017-03-02"),
                Some("https://example.com/a")
            )
        );
        let text = "Headline\nMarch 5, 2017\nDate: March 2, 2017\n";
        assert_eq!(extract(text).date.as_deref(), Some("2017-03-02"));
    }

    #[test]
    fn dates_that_do_not_parse_are_kept_as_written_but_lose_to_parsed_ones() {
        let m = extract("Headline\nDate: sometime in spring\n");
        assert_eq!(m.date.as_deref(), Some("sometime in spring"));
        let m = extract("Headline\nDate: sometime in spring\nPosted: 2 March 2017\n");
        assert_eq!(m.date.as_deref(), Some("2017-03-02"));
        let m = extract("Headline\nDate: n/a\nSource http://example.com/2013/09/20/story\n");
        assert_eq!(m.date.as_deref(), Some("2013-09-20"));
    }

    #[test]
    fn bylines_need_to_look_like_names() {
        assert_eq!(
            extract("Headline\nBy Jane Doe\n").author.as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            extract("Headline\nBY Ludwig van Beethoven\n")
                .author
                .as_deref(),
            Some("Ludwig van Beethoven")
        );
        assert_eq!(
            extract("Headline\nBy the time it ended, all had left.\n").author,
            None
        );
        assert_eq!(
            extract("Headline\nBy 2020 the plan was done\n").author,
            None
        );
        assert_eq!(
            extract("By The Numbers: China's Cyber Force\n").author,
            None
        );
        assert_eq!(
            extract("By The Numbers: China's Cyber Force\n").title,
            "By The Numbers: China's Cyber Force"
        );
    }

    #[test]
    fn chinese_title_and_labels() {
        let text =
            "网络空间国际合作战略\n\n作者：新华社\n发布时间：2017年3月1日 16:27\n\n正文第一段。\n";
        assert_eq!(
            extract(text),
            meta(
                "网络空间国际合作战略",
                Some("新华社"),
                Some("2017-03-01"),
                None
            )
        );
    }

    #[test]
    fn long_first_lines_are_clipped() {
        let exact = "é".repeat(MAX_TITLE_CHARS);
        assert_eq!(extract(&exact).title, exact);
        let title = extract(&format!("{exact}x\nmore")).title;
        assert_eq!(title.chars().count(), MAX_TITLE_CHARS);
        assert!(title.ends_with("é…"));
    }

    #[test]
    fn only_the_head_and_tail_are_read() {
        let filler = "A line of body text.\n".repeat(500);
        let text = format!("Headline\n{filler}Date: 2001-01-01\n{filler}Written by Chris Bing\n");
        assert_eq!(
            extract(&text),
            meta("Headline", Some("Chris Bing"), None, None)
        );
        let huge = format!("Headline\n{}\nDate: 2017-03-02\n", "x".repeat(200_000));
        assert_eq!(extract(&huge).date.as_deref(), Some("2017-03-02"));
        let body = format!(
            "{}Headline far down\n",
            "\n".repeat(HEAD_LINES + TAIL_LINES + 10)
        );
        assert_eq!(extract(&body).title, "Headline far down");
    }
}
