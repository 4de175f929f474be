//! The status bar: what just happened, what is not saved, and where help is.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::core::plural::count;
use crate::tui::component::{Pane, hints};
use crate::tui::cut;
use crate::tui::document_list::DocumentList;
use crate::tui::reader::Reader;
use crate::tui::sidebar::Sidebar;
use crate::tui::state::{App, Focus, Mode, Pick};
use crate::tui::wrap;

/// Words counted for the length of a selection; past it the status bar says "more than".
const MOST_WORDS: usize = 9999;

/// Rows the status bar takes at most on a terminal `height` rows high: one for every six, up
/// to six (four at 24 rows, six at 40), so that the reading pane keeps most of its rows; four
/// hold at 80 columns the refused quit of a save held by a lock, its reason and its remedy.
/// A message longer than that ends with a mark naming the messages screen's key.
pub fn most_rows(height: u16) -> u16 {
    (height / 6).clamp(1, 6)
}

/// The rows the status bar takes on a terminal of `area`: one, or as many as what it says needs,
/// wrapped at spaces, up to [`most_rows`]. Counted without what the next tag key acts
/// on, which changes with every motion and gives way to the message: so the rows, and the
/// reading pane's height, change only when something new is said.
pub fn rows(app: &App, area: Rect) -> u16 {
    let said = Said::of(&line(app, None));
    let rows = said.rows(area.width as usize);
    (rows.len() as u16).min(most_rows(area.height))
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let error_shown = app.status.as_ref().is_some_and(|s| s.error);
    let said = line(app, None);
    let whole = Said::of(&said);
    // Wrapped, or cut with the mark when a small terminal leaves it one row.
    if area.height > 1 || wrap::columns(&whole.text) > area.width as usize {
        return render_rows(app, &whole, area, buf);
    }
    let hint = match (app.mode.component(), app.focus) {
        (Some(c), _) => hints(app, c.scope(), &c.commands(app)),
        // An error needs the whole line to say what and why; the keys come back with the next
        // message.
        _ if error_shown => String::new(),
        (_, Focus::Reader) => hints(app, Reader::scope(app), &Reader::commands(app)),
        (_, Focus::List) => hints(app, DocumentList::scope(app), &DocumentList::commands(app)),
        (_, Focus::Sidebar) => hints(app, Sidebar::scope(app), &Sidebar::commands(app)),
    };
    // An error keeps the whole line to say what and why, as it does from the keys; what the
    // next tag key acts on is back with the next message, and drawn in the text meanwhile. So
    // does any message that the label would cut.
    let labelled = pick_label(app)
        .filter(|_| !error_shown)
        .map(|label| line(app, Some(label)))
        .filter(|l| Line::from(l.clone()).width() <= area.width as usize);
    let spans = labelled.unwrap_or(said);
    // A message says what just happened: it keeps the line whole when the keys would cut it.
    let said = Line::from(spans.clone()).width();
    let hint = if said > 0
        && said + unicode_width::UnicodeWidthStr::width(hint.as_str()) + 1 > area.width as usize
    {
        String::new()
    } else {
        hint
    };
    // The message keeps at least a column; with no keys it has the whole row, to its last
    // column.
    let hint_cols = match hint.is_empty() {
        true => 0,
        false => (hint.chars().count() as u16 + 1).min(area.width.saturating_sub(1)),
    };
    let [left, right] = cut::right(area, hint_cols);
    super::rows::draw([Line::from(spans)], left, buf);
    super::rows::draw_right(Line::styled(hint, app.prefs.theme.dim()), right, buf);
}

/// What the status bar says, as spans: whose annotations are shown, the encoding, a pending
/// link, `label` (what the next tag key acts on) when given, what is not saved, and the
/// message.
fn line(app: &App, label: Option<String>) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    // Whatever has focus, so that a coder never takes a blind screen for everyone's coding.
    if app.coding.blind {
        spans.push(Span::styled("BLIND · ", app.prefs.theme.heading()));
    }
    if !app.coding.coders.is_empty() {
        let coders = format!("CODERS {} · ", app.coding.coders.join(","));
        spans.push(Span::styled(coders, app.prefs.theme.heading()));
    }
    // The open document was read in an encoding other than UTF-8, guessed or from its BOM.
    if let Some(open) = &app.open
        && open.doc.encoding != "UTF-8"
    {
        spans.push(Span::styled(
            format!("{} · ", open.doc.encoding),
            app.prefs.theme.dim(),
        ));
    }
    // Wherever the coder goes to find the target, so that a pending link is never forgotten.
    if let Some(from) = &app.linking {
        spans.push(Span::styled(
            format!("LINK FROM “{}” · ", from.quote),
            app.prefs.theme.heading(),
        ));
    }
    if let Some(label) = label {
        spans.push(Span::styled(label, app.prefs.theme.heading()));
        if app.status.is_some() || !app.unsaved.is_empty() {
            spans.push(Span::raw(" │ "));
        }
    }
    if !app.unsaved.is_empty() {
        spans.push(Span::styled(
            format!("⚠ {} unsaved · ", app.unsaved.len()),
            app.prefs.theme.error(),
        ));
    }
    match &app.status {
        Some(s) if s.error => spans.push(Span::styled(s.text.clone(), app.prefs.theme.error())),
        Some(s) => spans.push(Span::raw(s.text.clone())),
        None => {}
    }
    spans
}

/// The status bar's spans as one text, to be wrapped: the styles by byte range.
struct Said {
    /// Line breaks and tabs as spaces: the bar has rows of its own.
    text: String,
    styles: Vec<(std::ops::Range<usize>, Style)>,
}

impl Said {
    fn of(spans: &[Span]) -> Said {
        let mut text = String::new();
        let mut styles = Vec::with_capacity(spans.len());
        for span in spans {
            let start = text.len();
            text.extend(
                span.content
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c }),
            );
            styles.push((start..text.len(), span.style));
        }
        Said { text, styles }
    }

    /// The rows of the text at `width` columns, as byte ranges: one when it fits.
    fn rows(&self, width: usize) -> Vec<std::ops::Range<usize>> {
        if wrap::columns(&self.text) <= width {
            return std::iter::once(0..self.text.len()).collect();
        }
        wrap::rows_at_spaces(&self.text, 0..self.text.len(), width)
    }

    /// The spans that draw `range` of the text, each in its style.
    fn spans(&self, range: std::ops::Range<usize>) -> Vec<Span<'static>> {
        self.styles
            .iter()
            .filter_map(|(r, style)| {
                let (start, end) = (r.start.max(range.start), r.end.min(range.end));
                (start < end).then(|| Span::styled(self.text[start..end].to_owned(), *style))
            })
            .collect()
    }
}

/// The status bar over several rows: what it says wrapped at spaces; when even these rows are
/// too few, the last ends with a mark naming the key of the messages screen, which shows the
/// message whole.
fn render_rows(app: &App, said: &Said, area: Rect, buf: &mut Buffer) {
    let width = area.width as usize;
    let rows = said.rows(width);
    let shown = area.height as usize;
    let mut lines: Vec<Line> = rows
        .iter()
        .take(shown)
        .map(|r| Line::from(said.spans(r.clone())))
        .collect();
    if rows.len() > shown {
        // The messages key is the panes' (a dialog's keys are its own): over a dialog, the way
        // there is said too.
        let mark = match &app.mode {
            Mode::Normal => " … {messages} shows it whole",
            Mode::Messages(_) => " … (whole above)",
            _ => " … {close}, then {messages} shows it whole",
        };
        let mark = app.prefs.keymap.with_keys(mark);
        let room = width.saturating_sub(wrap::columns(&mark));
        let start = rows[shown - 1].start;
        let last = wrap::rows_at_spaces(&said.text, start..said.text.len(), room)[0].clone();
        let mut spans = said.spans(last);
        spans.push(Span::styled(mark, app.prefs.theme.dim()));
        lines[shown - 1] = Line::from(spans);
    }
    Paragraph::new(lines).render(area, buf);
}

/// What the next tag key acts on, as vim shows its mode, while the reading pane has the keys:
/// `SELECT · 23 words`, `TAGGED · a,r — next tag key adds to it` or `SENTENCE · 14 words`, and
/// a count being typed.
fn pick_label(app: &App) -> Option<String> {
    if app.focus != Focus::Reader || !app.mode.is_normal() {
        return None;
    }
    let open = app.open.as_ref()?;
    let length = |span| match open.words(span, MOST_WORDS + 1) {
        n if n > MOST_WORDS => format!("more than {MOST_WORDS} words"),
        n => count(n, "word"),
    };
    let mut label = match &app.reader.pick {
        Pick::Select(sel) => format!("SELECT · {}", length(sel.span())),
        Pick::Annotation { id, span } => {
            let anns = app.open_annotations();
            let current = open.index_of(anns, id, span).map(|i| &anns[i]);
            let keys: Vec<String> = current
                .map(|a| {
                    a.tags
                        .iter()
                        .map(|t| crate::tui::view::theme::key_of(&app.corpus.tags, t).to_string())
                        .collect()
                })
                .unwrap_or_default();
            let keys = if keys.is_empty() {
                "no tags".to_owned()
            } else {
                keys.join(",")
            };
            match current {
                // A tag key never changes another coder's annotation: it goes on the coder's
                // own annotation of the same text.
                Some(a) if a.annotator != app.coding.coder => {
                    format!("{}'s · {keys} — a tag key goes on your own", a.annotator)
                }
                _ => format!("TAGGED · {keys} — next tag key adds to it"),
            }
        }
        Pick::Sentence => format!("SENTENCE · {}", length(app.reader.cursor_span()?)),
    };
    if let Some(n) = app.reader.count {
        label.push_str(&format!(" · {n}"));
    }
    Some(label)
}
