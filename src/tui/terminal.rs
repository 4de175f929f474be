//! The only place that talks to the terminal: reads events, draws frames, restores the terminal.

use std::collections::VecDeque;
use std::io::{BufWriter, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, KeyModifiers,
    KeyboardEnhancementFlags, MouseButton, MouseEventKind, PopKeyboardEnhancementFlags,
    PushKeyboardEnhancementFlags,
};
use crossterm::terminal::EnterAlternateScreen;

use ratatui::layout::Size;

use crate::tui::ahead::Ahead;
use crate::tui::escape_sequence::{Decoded, decode};
use crate::tui::keys::{Key, KeyCode};
use crate::tui::mouse::{Mouse, MouseKind};
use crate::tui::pane_reuse::PaneReuse;
use crate::tui::screen::Screen;
use crate::tui::state::App;

/// How often the loop wakes without input, to show what the background writer did.
const TICK: Duration = Duration::from_millis(200);
/// How long gloss waits after a frame, for a key, before working ahead (wrapping lines, the
/// next frame drawn ahead): meanwhile the terminal, which the frame just woke, has the machine to
/// itself. On two cores, that work started at once delayed the terminal's reading of the frame
/// now and then by a few hundred µs (issue 10).
const AFTER_FRAME: Duration = Duration::from_millis(1);
/// How long the open document's background indexing waits after each key (see
/// `IndexingHold`): longer than a key held down takes to repeat.
const INDEXING_HELD: Duration = Duration::from_millis(60);
/// How often it wakes while a search runs or the corpus is read, to show what it finds as it
/// finds it.
const SEARCH_TICK: Duration = Duration::from_millis(15);

/// Names a key that makes the reader panic, for the test that checks, through the real binary,
/// that a panic restores the terminal and leaves the saved files whole. No key makes gloss
/// panic otherwise, so without this there would be nothing honest to test with.
const PANIC_KEY_VAR: &str = "GLOSS_TEST_PANIC_ON_KEY";

/// The terminal in raw mode from as early as gloss can, before the corpus is read, until the
/// reader takes it over: keys typed meanwhile reach the reader as typed, where the terminal's
/// line editing would turn Enter into a line feed, let Backspace erase the character before it
/// and echo them. Dropping it gives the terminal back as it was (after `run`, nothing is left
/// to give back); so an error at start-up is printed on an ordinary screen.
pub struct EarlyRawMode(());

impl EarlyRawMode {
    /// `None` when standard input or output is no terminal, or it cannot be put in raw mode (the
    /// reader then says why).
    pub fn start() -> Option<EarlyRawMode> {
        use std::io::IsTerminal;
        (std::io::stdin().is_terminal()
            && std::io::stdout().is_terminal()
            && crossterm::terminal::enable_raw_mode().is_ok())
        .then_some(EarlyRawMode(()))
    }
}

impl Drop for EarlyRawMode {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// The terminal the reader draws on: its frames go out through a buffer large enough for a
/// whole frame, so that each is one write (standard output's own buffer writes a kilobyte at a
/// time, and each write wakes the terminal).
type Terminal = Screen<BufWriter<Stdout>>;

/// Bytes of a frame's buffer: a full frame of a large terminal in colour.
const FRAME_BYTES: usize = 256 * 1024;

/// The terminal to draw on, made on a thread of its own while the corpus is read: its two
/// screen buffers (a cell each, some 500 KB at 140×45, every page of it touched) cost a
/// first screen a third of a millisecond otherwise. Making it writes nothing to the terminal.
pub struct ScreenSoon(std::thread::JoinHandle<std::io::Result<Terminal>>);

impl ScreenSoon {
    pub fn start() -> ScreenSoon {
        ScreenSoon(std::thread::spawn(|| {
            let (width, height) = crossterm::terminal::size()?;
            Ok(Screen::new(
                BufWriter::with_capacity(FRAME_BYTES, std::io::stdout()),
                Size { width, height },
            ))
        }))
    }

    /// Raw mode, the alternate screen and the terminal to draw on, as `ratatui::try_init`
    /// makes them but for the frame buffer. Without a terminal (no controlling tty, as under
    /// cron or CI) this fails: an error for the caller to report.
    fn screen(self) -> std::io::Result<Terminal> {
        crossterm::terminal::enable_raw_mode()?;
        let mut terminal = self
            .0
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        // Written with the first frame, in one write: each write wakes the terminal, which then
        // takes a core from the frame still being made.
        crossterm::queue!(terminal.out(), EnterAlternateScreen)?;
        Ok(terminal)
    }
}

/// Runs the reader until the user quits. The panic hook installed here turns mouse reporting
/// and the keyboard enhancement off and restores the terminal (`ratatui::restore`) before the
/// panic message is printed; the saved files are written atomically by the writer thread, so a
/// panic leaves them whole, and unwinding drops `app`, whose writer finishes the saves already
/// queued.
pub fn run(mut app: App, screen: ScreenSoon) -> std::io::Result<Ended> {
    // A signal to end (`kill`) ends the reader as `q` does: the terminal given back, every save
    // queued written. Set here, read at each turn of the loop, which
    // wakes at least every `TICK`.
    let stop = Arc::new(AtomicUsize::new(0));
    for signal in STOP_SIGNALS {
        signal_hook::flag::register_usize(signal, Arc::clone(&stop), signal as usize)?;
    }
    // The terminal gone, the loop may never turn again: ended from a thread of its own.
    crate::tui::hangup::watch(app.writer.flusher());
    let panic_key = std::env::var(PANIC_KEY_VAR)
        .ok()
        .and_then(|v| v.chars().next());
    // Whether the keyboard enhancement was pushed, for the panic hook and the end to pop it.
    let enhanced = Arc::new(AtomicBool::new(false));
    let print_panic = std::panic::take_hook();
    let pushed = Arc::clone(&enhanced);
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        if pushed.load(Ordering::Relaxed) {
            let _ = crossterm::execute!(std::io::stdout(), PopKeyboardEnhancementFlags);
        }
        ratatui::restore();
        print_panic(info);
    }));
    // Declared before `terminal`, so dropped after it.
    let _given_back = GivenBackOnUnwind;
    let mut terminal = screen.screen().inspect_err(|_| ratatui::restore())?;
    // What could not be saved as a signal ended the reader, said once the terminal is back.
    let mut left_unsaved = None;
    let result = (|| {
        crossterm::queue!(terminal.out(), EnableMouseCapture)?;
        let size = terminal.size();
        app.first_size(size.width, size.height);
        // The first frame comes before the terminal is asked anything: its answer is a round
        // trip (milliseconds, more over a network) that the first screen need not wait for.
        // Panes a frame need not draw again; told of everything but a move of the cursor.
        let mut reuse = PaneReuse::default();
        reuse.draw(&mut terminal, &app)?;
        // Where the terminal can tell `Esc` from the start of an escape sequence (the kitty
        // keyboard protocol), it is asked to; elsewhere `split_escape` reads an Esc that came
        // too close to the next key, and `Inputs` one that came too close to a special key.
        // Asked after raw mode is on, since the terminal answers on the input; keys typed
        // meanwhile are kept for the loop.
        let push = matches!(
            crossterm::terminal::supports_keyboard_enhancement(),
            Ok(true)
        ) && crossterm::execute!(
            std::io::stdout(),
            PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
        )
        .is_ok();
        enhanced.store(push, Ordering::Relaxed);
        let mut searching = false;
        // A frame is drawn only when something may have changed it, so that an idle reader
        // costs no CPU whatever the document.
        let mut changed = false;
        let mut input = Inputs {
            held: VecDeque::new(),
            mend: !push,
            after_return: false,
        };
        // The last key, while all it did was move the reading cursor, and the frame it would
        // draw if pressed again, drawn ahead of it (see `ahead`).
        let mut again: Option<Key> = None;
        let mut ahead: Option<Ahead> = None;
        while !app.should_quit && stop.load(Ordering::Relaxed) == 0 {
            // crossterm reports a change of the terminal's size as an event, but can miss one
            // that comes with a key (its signal is read only when no key is); and one made while
            // gloss started is no event. Asking the terminal is one `ioctl`.
            if let Some(size) = size_now()
                && size != terminal.size()
            {
                terminal.resize(size);
                app.resize(size.width, size.height);
                reuse.forget();
                changed = true;
                ahead = None;
            }
            let busy = searching
                || app.scan_progress().is_some()
                || app.is_opening()
                || app.is_reloading();
            if changed {
                reuse.draw(&mut terminal, &app)?;
                ahead = None;
                if !input.waiting(AFTER_FRAME)? {
                    app.wrap_ahead();
                    if let Some(key) = again.filter(|_| !busy) {
                        ahead = Ahead::press(&mut app, key, |app| {
                            reuse.draw_ahead(&mut terminal, app)
                        })?;
                    }
                }
            }
            changed = false;
            if let Some(input) = input.next(if busy { SEARCH_TICK } else { TICK })? {
                changed = true;
                match input {
                    Input::Key(key) => {
                        if let Some(open) = &app.open {
                            open.doc.hold_indexing(INDEXING_HELD);
                        }
                        for key in app.prefs.keymap.split_escape(key) {
                            if panic_key.is_some_and(|c| key == Key::char(c)) {
                                panic!("{PANIC_KEY_VAR}: the test key was pressed");
                            }
                            // The frame of the key pressed ahead goes out before the key is
                            // handled (see `ahead`); one that the key belies is drawn whole.
                            let shown = match ahead.take().filter(|a| a.key == key) {
                                Some(a) => reuse.show_ahead(&mut terminal)?.then_some(a),
                                None => None,
                            };
                            app.handle_key(key);
                            if !app.moved_only || shown.is_some_and(|a| !a.left_alike(&app)) {
                                reuse.forget();
                            }
                            again = app.moved_only.then_some(key);
                        }
                    }
                    Input::Mouse(mouse) => {
                        (again, ahead) = (None, None);
                        app.handle_mouse(mouse);
                        reuse.forget();
                    }
                    Input::Resize(width, height) => {
                        (again, ahead) = (None, None);
                        reuse.forget();
                        // The size as it is now: more changes may have come since the event.
                        let size = size_now().unwrap_or(Size { width, height });
                        terminal.resize(size);
                        app.resize(size.width, size.height);
                    }
                }
            }
            // Work done in the background may change any pane.
            let mut done = app.poll_writer();
            done |= app.open.as_mut().is_some_and(|open| open.poll_indexing());
            done |= app.poll_scan();
            done |= app.poll_opening();
            done |= app.poll_reload();
            // The frame after a search ends shows its last matches.
            done |= searching;
            searching = app.poll_searches();
            done |= searching;
            if done {
                app.follow_in_sidebar();
                reuse.forget();
                changed = true;
                ahead = None;
            }
        }
        Ok(match stop.load(Ordering::Relaxed) {
            0 => Ended::Quit,
            signal => {
                // Ended as `q` ends it: where the reader was, and the marks, are kept too.
                left_unsaved = app.remember_position().err();
                app.save_marks();
                Ended::Signal(signal as i32)
            }
        })
    })();
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    if enhanced.load(Ordering::Relaxed) {
        let _ = crossterm::execute!(std::io::stdout(), PopKeyboardEnhancementFlags);
    }
    ratatui::restore();
    if let Some(why) = left_unsaved {
        eprintln!("gloss: {why}");
    }
    // Every save queued is written first; then the reader's memory is left for the system to
    // take back at once when the process ends, rather than freed piece by piece (a large
    // document's index, every annotation and its history), which took a good part of a second
    // on a 50 MB document with 10,000 annotations. Nothing is in flight by then.
    app.writer.flush();
    std::mem::forget(app);
    result
}

/// Signals that end the reader as quitting does (`kill`, `kill -INT`, `kill -HUP`); raw mode
/// turns Ctrl-C into a key, not a signal. A SIGHUP that comes because the terminal closed is
/// not seen by the loop, stuck in crossterm's reading: `hangup` ends the process then.
const STOP_SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGHUP,
];

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// This signal asked it to end (its number, as `kill -l` gives it).
    Signal(i32),
}

/// The terminal's size, asked of standard output; `None` if it is no terminal.
fn size_now() -> Option<Size> {
    let size = rustix::termios::tcgetwinsize(std::io::stdout()).ok()?;
    Some(Size {
        width: size.ws_col,
        height: size.ws_row,
    })
}

/// Gives the terminal back once more when a panic unwinds out of [`run`], after the terminal
/// to draw on is dropped: until the first frame is written, its buffer holds the alternate
/// screen and mouse reporting, queued to go out with that frame, and dropping it writes them,
/// after the panic hook gave the terminal back.
struct GivenBackOnUnwind;

impl Drop for GivenBackOnUnwind {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
            ratatui::restore();
        }
    }
}

/// What gloss reads from the terminal.
enum Input {
    Key(Key),
    Mouse(Mouse),
    Resize(u16, u16),
}

/// How long the rest of an escape sequence that followed an Esc is waited for, once its start
/// came with the Esc: a terminal writes a sequence at once, so only a connection that splits it
/// (ssh) makes it wait at all.
const SEQUENCE_WAIT: Duration = Duration::from_millis(100);

/// crossterm's events as gloss's inputs, with an Esc typed right before a special key mended:
/// crossterm reads `ESC ESC [ 1 5 ~` (Esc, F5) as Esc and the keys `[`, `1`, `5`, `~`.
struct Inputs {
    /// Inputs read but not yet handed on.
    held: VecDeque<Input>,
    /// Whether to mend; not under the kitty keyboard protocol, where an Esc is a sequence of its
    /// own and a `[` after it is the key `[`.
    mend: bool,
    /// Whether the last key read was a carriage return (`Enter`) with more input already
    /// waiting behind it.
    after_return: bool,
}

impl Inputs {
    /// Whether an input is read, or comes within `wait`.
    fn waiting(&self, wait: Duration) -> std::io::Result<bool> {
        Ok(!self.held.is_empty() || event::poll(wait)?)
    }

    /// The next input, if one comes within `timeout`; `None` too for events gloss ignores.
    fn next(&mut self, timeout: Duration) -> std::io::Result<Option<Input>> {
        if let Some(input) = self.held.pop_front() {
            return Ok(Some(input));
        }
        if !event::poll(timeout)? {
            return Ok(None);
        }
        let raw = event::read()?;
        // A carriage return and a line feed that came together are one line break, as a paste
        // of text with CR LF line ends sends it (a spreadsheet's cells, a Windows file): the line
        // feed is read as `Enter` too (see `Key::as_read`), and would add a blank line.
        let return_then_feed = std::mem::take(&mut self.after_return)
            && matches!(&raw, Event::Key(k) if k.code == event::KeyCode::Char('j')
                && k.modifiers == KeyModifiers::CONTROL);
        if return_then_feed {
            return Ok(None);
        }
        self.after_return = matches!(&raw, Event::Key(k) if k.code == event::KeyCode::Enter
            && k.kind != KeyEventKind::Release)
            && event::poll(Duration::ZERO)?;
        let input = convert_event(raw);
        if self.mend
            && let Some(Input::Key(key)) = &input
            && *key == Key::new(KeyCode::Esc)
        {
            self.read_sequence_after_escape()?;
        }
        Ok(input)
    }

    /// Reads on after an Esc while what came with it, key by key, is the start of an escape
    /// sequence, and holds what it stands for: the key or mouse report decoded, nothing for a
    /// sequence gloss ignores, else the keys as they came.
    fn read_sequence_after_escape(&mut self) -> std::io::Result<()> {
        let mut tail = Vec::new();
        let mut taken = Vec::new();
        // Only what came in the same read as the Esc: a `[` typed after it is the key `[`.
        let mut wait = Duration::ZERO;
        loop {
            if !event::poll(wait)? {
                // Cut short: the start of a sequence alone (`[`, `O`) is the key it is, a
                // sequence cut off in its parameters is dropped, not read as digits.
                if tail.len() > 1 {
                    taken.clear();
                }
                break;
            }
            wait = SEQUENCE_WAIT;
            let input = convert_event(event::read()?);
            let byte = match &input {
                Some(Input::Key(Key {
                    code: KeyCode::Char(c),
                    ctrl: false,
                    alt: false,
                })) if c.is_ascii() => *c as u8,
                _ => {
                    taken.extend(input);
                    break;
                }
            };
            taken.extend(input);
            tail.push(byte);
            match decode(&tail) {
                Decoded::Partial => continue,
                Decoded::Key(key) => taken = vec![Input::Key(key)],
                Decoded::Mouse(mouse) => taken = vec![Input::Mouse(mouse)],
                Decoded::Ignored => taken.clear(),
                Decoded::NotASequence => {}
            }
            break;
        }
        self.held.extend(taken);
        Ok(())
    }
}

fn convert_event(e: Event) -> Option<Input> {
    match e {
        Event::Key(k) if k.kind != KeyEventKind::Release => convert(k).map(Input::Key),
        Event::Mouse(m) => convert_mouse(m).map(Input::Mouse),
        Event::Resize(w, h) => Some(Input::Resize(w, h)),
        _ => None,
    }
}

/// The left button and the wheel; other buttons and bare moves mean nothing to gloss.
fn convert_mouse(m: event::MouseEvent) -> Option<Mouse> {
    let kind = match m.kind {
        MouseEventKind::Down(MouseButton::Left) => MouseKind::Press,
        MouseEventKind::Drag(MouseButton::Left) => MouseKind::Drag,
        MouseEventKind::Up(MouseButton::Left) => MouseKind::Release,
        MouseEventKind::ScrollUp => MouseKind::ScrollUp,
        MouseEventKind::ScrollDown => MouseKind::ScrollDown,
        _ => return None,
    };
    Some(Mouse {
        kind,
        column: m.column,
        row: m.row,
    })
}

fn convert(k: event::KeyEvent) -> Option<Key> {
    use event::KeyCode as C;
    let code = match k.code {
        C::Char(c) => KeyCode::Char(c),
        C::Enter => KeyCode::Enter,
        C::Esc => KeyCode::Esc,
        C::Tab => KeyCode::Tab,
        C::BackTab => KeyCode::BackTab,
        C::Backspace => KeyCode::Backspace,
        C::Delete => KeyCode::Delete,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let key = Key {
        code,
        ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
        alt: k.modifiers.contains(KeyModifiers::ALT),
    };
    Some(key.as_read())
}
