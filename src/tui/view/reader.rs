//! The reading pane: the wrapped text around the view, the cursor sentence, the selection,
//! annotated spans in their tag's colour, underlined, with their tag keys in a gutter so that they
//! do not rely on colour alone (those placed by a guess in italics, marked `~`, until confirmed),
//! and the search's matches.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::core::documents::preview::Cuts;
use crate::core::queries::search;
use crate::tui::fit::fit;
use crate::tui::state::{App, Focus, GUTTER, OpenDoc, Panes, Pick};
use crate::tui::view::pane_frame::PaneFrame;
use crate::tui::view::theme::{self, Theme};
use crate::tui::viewport::RowPos;
use crate::tui::wrap;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    render_rows(app, area, None, buf);
}

/// [`render`], the text drawn only on the rows `drawn` (by index from the pane's first text
/// row; all when `None`): the border and its titles are drawn whole.
pub(crate) fn render_rows(app: &App, area: Rect, drawn: Option<Range<usize>>, buf: &mut Buffer) {
    let focused = app.focus == Focus::Reader;
    let Some(open) = &app.open else {
        app.prefs
            .theme
            .block(focused)
            .title(" No document ")
            .render(area, buf);
        let inner = area.inner(ratatui::layout::Margin::new(2, 1));
        Paragraph::new(
            app.prefs
                .keymap
                .with_keys("Open a document from the list with {open_document}."),
        )
        .style(app.prefs.theme.dim())
        .render(inner, buf);
        return;
    };
    let panes = app.panes();
    let rows = shown_rows(open, app.reader.top, panes);
    let mut frame = PaneFrame::new(&app.prefs.theme, focused)
        .title(format!(
            " {} ",
            fit(
                &open.doc.meta.title,
                usize::from(area.width.saturating_sub(4))
            )
        ))
        .title_bottom(
            Line::from(position(
                open,
                app.reader.cursor.as_ref(),
                &rows,
                app.opening_cuts(),
            ))
            .right_aligned(),
        );
    if app.corpus.entries[open.entry].read_only() {
        frame = frame.title(Line::styled(" read-only ", app.prefs.theme.error()).right_aligned());
    }
    // The text column where the layout puts it, inside the border of the pane being drawn.
    let inner = PaneFrame::inner(area);
    let column = panes.map_or(inner, |p| Rect {
        x: inner.x + p.text.x.saturating_sub(p.reader.x + 1),
        width: p.text.width,
        ..inner
    });
    frame.render(area, buf);
    let anns = &app.corpus.entries[open.entry].annotations;
    let cursor = app.reader.cursor_span().unwrap_or(0..0);
    let selection = app.reader.selection().map(|s| s.span());
    let current_annotation = match &app.reader.pick {
        Pick::Annotation { span, .. } => Some(span),
        _ => None,
    };
    let active = app.active_search();
    let shown = match (rows.first(), rows.last()) {
        (Some((first, _)), Some((last, _))) => first.start..last.end,
        _ => 0..0,
    };
    // The annotations that reach the screen, found once per frame rather than for every row.
    let on_screen: Vec<usize> = open.shown_touching(&shown).collect();
    let suggested: Vec<Range<usize>> = app
        .suggested_in(shown.clone())
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let styles: Vec<Style> = on_screen
        .iter()
        .map(|&i| annotation_style(app, &anns[i]))
        .collect();
    let marks = Marks {
        cursor: &cursor,
        selection: selection.as_ref(),
        current_annotation,
        spans: &open.spans,
        on_screen: &on_screen,
        styles: &styles,
        suggested: &suggested,
        theme: &app.prefs.theme,
        matches: active.map_or(&[], |s| search::overlapping(&s.matches, shown)),
        current: active.and_then(|s| s.current_match()),
    };
    let drawn = drawn.map_or(0..rows.len(), |d| {
        d.start.min(rows.len())..d.end.min(rows.len())
    });
    let text = column.intersection(inner);
    let text = Rect {
        y: text.y.saturating_add(drawn.start as u16),
        height: text.height.saturating_sub(drawn.start as u16),
        ..text
    };
    // Row by row: the rows are wrapped to fit already (see `rows::draw`).
    let lines = rows[drawn].iter().map(|(row, _)| {
        let mut spans = gutter(app, open, &on_screen, row, &cursor, focused);
        if suggested.iter().any(|s| overlaps(s, row)) && spans[1].content == " " {
            spans[1] = Span::styled(SUGGESTION_MARK.to_string(), app.prefs.theme.dim());
        }
        spans.extend(text_spans(&open.doc.text, row.clone(), &marks));
        Line::from(spans)
    });
    super::rows::draw(lines, text, buf);
}

/// What the reading pane shows on its text rows besides the cursor, of what a key that moves
/// the cursor may change: two frames alike in it show the same rows but where either's cursor
/// is ([`RowsShown::drawn`]), and `pane_reuse` keeps the others. (The search's marks, the
/// annotations and the focus change only by other keys, after which a frame is drawn whole.)
/// A pane that scrolled is drawn whole: moving its rows in the buffer cost more than drawing
/// them (issue 10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowsShown {
    /// The frame's panes, the reading pane's text among them.
    panes: Panes,
    top: RowPos,
    entry: usize,
    /// A move of the cursor leaves the annotation it was on (`move_cursor`).
    current_annotation: Option<Range<usize>>,
    /// A move of the cursor moves the selection's end with it: left to a whole frame, so that
    /// no row between its ends is missed.
    selection: Option<Range<usize>>,
}

impl RowsShown {
    /// What `app` shows on the reading pane's rows, on a frame of `panes` (found once per
    /// frame: each time builds the status line); `None` when no document is open.
    pub(crate) fn of(app: &App, panes: Panes) -> Option<RowsShown> {
        let open = app.open.as_ref()?;
        Some(RowsShown {
            panes,
            top: app.reader.top,
            entry: open.entry,
            current_annotation: match &app.reader.pick {
                Pick::Annotation { span, .. } => Some(span.clone()),
                _ => None,
            },
            selection: app.reader.selection().map(|s| s.span()),
        })
    }

    /// The rows, by index from the pane's first text row, from the first that a byte range of
    /// `cursors` (the cursor before and now) touches to the last: overlaps, or meets at either
    /// end, since a cursor's mark and colour are on no other row. `0..0` when none does.
    pub(crate) fn drawn(&self, app: &App, cursors: &[&Range<usize>]) -> Range<usize> {
        let Some(open) = &app.open else {
            return 0..0;
        };
        let rows = shown_rows(open, self.top, Some(self.panes));
        let touches = |(row, _): &(Range<usize>, usize)| {
            cursors
                .iter()
                .any(|s| row.start <= s.end && s.start <= row.end)
        };
        match rows.iter().position(touches) {
            Some(first) => first..rows.iter().rposition(touches).unwrap_or(first) + 1,
            None => 0..0,
        }
    }

    /// The pane's inner rectangles of the rows that a frame drawn by [`render_rows`] does not
    /// draw: above and below `drawn`, each with the border on its left.
    pub(crate) fn undrawn(&self, drawn: &Range<usize>) -> [Rect; 2] {
        let inner = PaneFrame::inner(self.panes.reader);
        let (start, end) = (drawn.start as u16, drawn.end as u16);
        let above = Rect {
            height: start.min(inner.height),
            ..inner
        };
        let below = Rect {
            y: inner.y + end.min(inner.height),
            height: inner.height.saturating_sub(end),
            ..inner
        };
        [above, below]
    }
}

/// The rows the pane shows from `top`: (byte range, its display line's start) for each.
fn shown_rows(open: &OpenDoc, top: RowPos, panes: Option<Panes>) -> Vec<(Range<usize>, usize)> {
    let (width, height) = panes.map_or((1, 1), |p| p.text_size());
    open.layout(width).visible(top, height)
}

/// The byte offset of the character drawn at (x, y), for the mouse. Left or right of a row's
/// text, its first or last character; above or below the text, the nearest row's.
pub fn offset_at(app: &App, x: u16, y: u16) -> Option<usize> {
    let open = app.open.as_ref()?;
    let panes = app.panes()?;
    let rows = shown_rows(open, app.reader.top, Some(panes));
    let last = rows.len().checked_sub(1)?;
    let (row, _) = &rows[(y.saturating_sub(panes.text.y) as usize).min(last)];
    let column = x.saturating_sub(panes.text.x + GUTTER) as usize;
    let mut drawn = 0;
    let mut under = row.start;
    for (i, c) in open.doc.text[row.clone()].char_indices() {
        // As `wrap::drawn` draws it: a tab to the next tab stop, a control character one column.
        let width = wrap::char_columns(c, drawn);
        if width == 0 {
            continue;
        }
        under = row.start + i;
        if column < drawn + width {
            break;
        }
        drawn += width;
    }
    Some(under)
}

struct Marks<'a> {
    cursor: &'a Range<usize>,
    selection: Option<&'a Range<usize>>,
    /// The annotation just tagged or jumped to, which the next tag key adds to.
    current_annotation: Option<&'a Range<usize>>,
    spans: &'a [Range<usize>],
    /// Indices into `spans` of the annotations on screen, in text order.
    on_screen: &'a [usize],
    /// The style of each annotation on screen, index for index.
    styles: &'a [Style],
    /// The suggested sentences on screen, in text order.
    suggested: &'a [Range<usize>],
    theme: &'a Theme,
    /// The search's matches on screen, and the one it went to last.
    matches: &'a [Range<usize>],
    current: Option<&'a Range<usize>>,
}

fn annotation_style(app: &App, a: &crate::core::annotation::Annotation) -> Style {
    let mut style = Style::new().add_modifier(Modifier::UNDERLINED);
    if a.to_confirm() {
        style = style.patch(app.prefs.theme.to_confirm());
    }
    match a.tags.first() {
        Some(tag) => style.fg(app.prefs.theme.color_of(&app.corpus.tags, tag)),
        None => style,
    }
}

/// The gutter's mark of a row of a suggested sentence, where no tag key is shown.
pub const SUGGESTION_MARK: char = '»';

/// The gutter's mark of a row holding an annotation placed by a guess, still to confirm.
pub const TO_CONFIRM_MARK: char = '~';

/// The gutter's mark of a row holding an untagged span that names who makes a claim (its
/// `source of`); [`CUE_MARK`] for one that is its reporting verb (`cue of`); `✎` for a note
/// without a tag.
pub const SOURCE_MARK: char = '@';
pub const CUE_MARK: char = '^';

/// The gutter's mark of an annotation without tags, for what it is: a source or cue span, or a
/// note. `None` for a tagged one, whose tag keys are its marks.
fn untagged_mark(a: &crate::core::annotation::Annotation) -> Option<char> {
    use crate::core::attribution::{CUE_OF, SOURCE_OF};
    if !a.tags.is_empty() {
        return None;
    }
    Some(if a.links.iter().any(|l| l.kind == SOURCE_OF) {
        SOURCE_MARK
    } else if a.links.iter().any(|l| l.kind == CUE_OF) {
        CUE_MARK
    } else {
        '✎'
    })
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Cursor mark, then up to two tag keys of the annotations on this row.
fn gutter(
    app: &App,
    open: &OpenDoc,
    on_screen: &[usize],
    row: &Range<usize>,
    cursor: &Range<usize>,
    focused: bool,
) -> Vec<Span<'static>> {
    let on_cursor = overlaps(row, cursor) || (row.is_empty() && cursor.contains(&row.start));
    let mark = if on_cursor {
        Span::styled("▌", app.prefs.theme.cursor_mark(focused))
    } else {
        Span::raw(" ")
    };
    // Room for the row's runs of text too, which the caller appends: most rows have a few.
    let mut spans = Vec::with_capacity(GUTTER as usize + 8);
    spans.push(mark);
    let mut keys: Vec<(char, Style)> = Vec::new();
    let anns = &app.corpus.entries[open.entry].annotations;
    for &i in on_screen {
        let span = &open.spans[i];
        if span.start >= row.end.max(row.start + 1) {
            break;
        }
        if !overlaps(span, row) {
            continue;
        }
        let a = &anns[i];
        if a.to_confirm() && !keys.iter().any(|(k, _)| *k == TO_CONFIRM_MARK) {
            keys.insert(0, (TO_CONFIRM_MARK, app.prefs.theme.error()));
        }
        if let Some(mark) = untagged_mark(a)
            && !keys.iter().any(|(k, _)| *k == mark)
        {
            keys.push((mark, Style::new()));
        }
        for tag in &a.tags {
            let key = theme::key_of(&app.corpus.tags, tag);
            if !keys.iter().any(|(k, _)| *k == key) {
                let color = app.prefs.theme.color_of(&app.corpus.tags, tag);
                keys.push((key, Style::new().fg(color).add_modifier(Modifier::BOLD)));
            }
        }
    }
    if keys.len() > 2 {
        keys.truncate(1);
        keys.push(('+', app.prefs.theme.dim()));
    }
    for slot in 0..(GUTTER as usize - 2) {
        spans.push(match keys.get(slot) {
            Some((k, style)) => Span::styled(k.to_string(), *style),
            None => Span::raw(" "),
        });
    }
    spans.push(Span::raw(" "));
    spans
}

/// The row's text cut into runs of equal style.
fn text_spans<'t>(text: &'t str, row: Range<usize>, marks: &Marks) -> Vec<Span<'t>> {
    let on_row: Vec<(usize, usize)> = marks
        .on_screen
        .iter()
        .enumerate()
        .filter(|&(_, &i)| overlaps(&marks.spans[i], &row))
        .map(|(k, &i)| (k, i))
        .collect();
    let matches = search::overlapping(marks.matches, row.clone());
    let style_at = |at: usize| {
        let mut style = Style::new();
        if marks.suggested.iter().any(|s| s.contains(&at)) {
            style = marks.theme.suggestion();
        }
        // Later (inner or later-starting) annotations paint over earlier ones.
        for &(k, i) in &on_row {
            if marks.spans[i].contains(&at) {
                style = style.patch(marks.styles[k]);
            }
        }
        if marks.cursor.contains(&at) {
            style = style.patch(marks.theme.cursor());
        }
        if marks.current.is_some_and(|m| m.contains(&at)) {
            style = style.patch(marks.theme.current_match());
        } else if matches.iter().any(|m| m.contains(&at)) {
            style = style.patch(marks.theme.search_match());
        }
        if marks.current_annotation.is_some_and(|s| s.contains(&at)) {
            style = style.patch(marks.theme.current_annotation());
        }
        if marks.selection.is_some_and(|s| s.contains(&at)) {
            style = style.patch(marks.theme.selection());
        }
        style
    };
    // The style changes only where a mark starts or ends (from the first character there): the
    // row is styled piece by piece between those places, not character by character.
    let mut cuts = Vec::with_capacity(16);
    cuts.push(row.start);
    let ranges = marks
        .suggested
        .iter()
        .chain(on_row.iter().map(|&(_, i)| &marks.spans[i]))
        .chain(matches)
        .chain([marks.cursor])
        .chain(marks.current)
        .chain(marks.current_annotation)
        .chain(marks.selection);
    for range in ranges {
        for mut at in [range.start, range.end] {
            if row.start < at && at < row.end {
                while !text.is_char_boundary(at) {
                    at += 1;
                }
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    // A run starts at the row's start or at a cut.
    let mut out = Vec::with_capacity(cuts.len());
    let mut run_start = row.start;
    let mut run_style = style_at(row.start);
    // Tab stops count from the row's start, as wrapping measured them: only a row with a tab
    // needs the columns.
    let tabs = text[row.clone()].contains('\t');
    let mut column = 0;
    let mut push = |run: &'t str, style: Style| {
        out.push(Span::styled(wrap::drawn(run, column), style));
        if tabs {
            column += wrap::columns_at(run, column);
        }
    };
    for &at in &cuts[1..] {
        let style = style_at(at);
        if style != run_style {
            push(&text[run_start..at], run_style);
            run_start = at;
            run_style = style;
        }
    }
    if run_start < row.end {
        push(&text[run_start..row.end], run_style);
    }
    out
}

/// Tabs and control characters would move the terminal's cursor; in a snippet out of its line,
/// where tab stops mean nothing, show each as one space.
pub(super) fn display(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// "sentence 3/48 · 12%": where the cursor is and how far down the view starts; while the
/// sentences are still being found, how far that is instead of the numbers; while the document
/// is shown from a preview (`cuts`), that it is being read, and the view's place in the whole.
fn position(
    open: &OpenDoc,
    cursor: Option<&Range<usize>>,
    rows: &[(Range<usize>, usize)],
    cuts: Option<&Cuts>,
) -> String {
    // Only the last row of the last display line reaches the end of the text.
    let at_end = rows
        .last()
        .is_none_or(|(r, _)| r.end >= open.doc.text.len());
    let top = rows.first().map_or(0, |(r, _)| r.start);
    let (top, len) = match cuts {
        Some(cuts) => (cuts.in_whole(top), cuts.whole_len()),
        None => (top, open.doc.text.len()),
    };
    let pct = if top == 0 && at_end {
        "All".to_owned()
    } else if top == 0 {
        "Top".to_owned()
    } else if at_end {
        "Bot".to_owned()
    } else {
        format!("{}%", top * 100 / len.max(1))
    };
    let doc = &open.doc;
    let numbered = cursor.and_then(|c| Some((doc.sentence_number(c)?, doc.sentence_count()?)));
    match (cursor, numbered) {
        (None, _) => format!(" empty document · {pct} "),
        (Some(_), _) if cuts.is_some() => {
            format!(" sentence …/… (indexing: reading the file) · {pct} ")
        }
        (Some(_), Some((c, n))) => format!(" sentence {}/{n} · {pct} ", c + 1),
        (Some(_), None) => format!(
            " sentence …/… (indexing {}%) · {pct} ",
            doc.indexing().unwrap_or(100)
        ),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// `text_spans` as it was first written: every character's style worked out.
    fn spans_by_character(text: &str, row: Range<usize>, marks: &Marks) -> Vec<(String, Style)> {
        let mut styles = text[row.clone()].char_indices().map(|(i, _)| {
            let at = row.start + i;
            let mut style = Style::new();
            if marks.suggested.iter().any(|s| s.contains(&at)) {
                style = marks.theme.suggestion();
            }
            for (k, &i) in marks.on_screen.iter().enumerate() {
                if marks.spans[i].contains(&at) {
                    style = style.patch(marks.styles[k]);
                }
            }
            if marks.cursor.contains(&at) {
                style = style.patch(marks.theme.cursor());
            }
            if marks.current.is_some_and(|m| m.contains(&at)) {
                style = style.patch(marks.theme.current_match());
            } else if marks.matches.iter().any(|m| m.contains(&at)) {
                style = style.patch(marks.theme.search_match());
            }
            if marks.current_annotation.is_some_and(|s| s.contains(&at)) {
                style = style.patch(marks.theme.current_annotation());
            }
            if marks.selection.is_some_and(|s| s.contains(&at)) {
                style = style.patch(marks.theme.selection());
            }
            (at, style)
        });
        let mut out: Vec<(String, Style)> = Vec::new();
        let mut column = 0;
        let Some((mut start, mut style)) = styles.next() else {
            return out;
        };
        let mut push = |run: &str, style| {
            out.push((wrap::drawn(run, column).into_owned(), style));
            column += wrap::columns_at(run, column);
        };
        for (at, s) in styles {
            if s != style {
                push(&text[start..at], style);
                (start, style) = (at, s);
            }
        }
        push(&text[start..row.end], style);
        out
    }

    /// A byte range of a text `len` bytes long, possibly empty, possibly inside a character.
    fn range(len: usize) -> impl Strategy<Value = Range<usize>> {
        (0..=len, 0..=len).prop_map(|(a, b)| a.min(b)..a.max(b))
    }

    proptest! {
        /// Styled piece by piece between the marks' ends as character by character, with marks
        /// that overlap, nest, end inside a character or outside the row, and tabs on the row.
        #[test]
        fn styles_as_character_by_character(
            chars in prop::collection::vec(prop::sample::select(vec!['a', ' ', '\t', 'é', '中', '\u{85}']), 1..30),
            ranges in prop::collection::vec(range(90), 9),
            to_confirm in any::<bool>(),
        ) {
            let text: String = chars.into_iter().collect();
            let clip = |r: &Range<usize>| r.start.min(text.len())..r.end.min(text.len());
            let ranges: Vec<Range<usize>> = ranges.iter().map(clip).collect();
            let mut row = ranges[0].clone();
            while !text.is_char_boundary(row.start) { row.start -= 1; }
            while !text.is_char_boundary(row.end) { row.end += 1; }
            let theme = Theme::default();
            let mut spans = vec![ranges[1].clone(), ranges[2].clone()];
            spans.sort_by_key(|s| s.start);
            let styles = [
                Style::new().add_modifier(Modifier::UNDERLINED),
                Style::new().fg(ratatui::style::Color::Red).add_modifier(if to_confirm { Modifier::ITALIC } else { Modifier::BOLD }),
            ];
            let mut matches = vec![ranges[3].clone(), ranges[4].clone()];
            matches.sort_by_key(|m| m.start);
            if matches[0].end > matches[1].start { matches.pop(); }
            let suggested = [ranges[5].clone()];
            let on_screen: Vec<usize> = (0..2).filter(|&i| overlaps(&spans[i], &row)).collect();
            let on_screen_styles: Vec<Style> = on_screen.iter().map(|&i| styles[i]).collect();
            let marks = Marks {
                cursor: &ranges[6],
                selection: Some(&ranges[7]),
                current_annotation: Some(&ranges[8]),
                spans: &spans,
                on_screen: &on_screen,
                styles: &on_screen_styles,
                suggested: &suggested,
                theme: &theme,
                matches: search::overlapping(&matches, row.clone()),
                current: matches.first(),
            };
            let pieces: Vec<(String, Style)> = text_spans(&text, row.clone(), &marks)
                .into_iter()
                .map(|s| (s.content.into_owned(), s.style))
                .collect();
            prop_assert_eq!(pieces, spans_by_character(&text, row, &marks));
        }
    }
}
