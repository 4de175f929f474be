//! The only place that talks to the terminal: reads events, draws frames, restores the terminal.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, KeyModifiers,
    KeyboardEnhancementFlags, MouseButton, MouseEventKind, PopKeyboardEnhancementFlags,
    PushKeyboardEnhancementFlags,
};

use crate::tui::keys::{Key, KeyCode};
use crate::tui::mouse::{Mouse, MouseKind};
use crate::tui::state::App;

/// How often the loop wakes without input, to show what the background writer did.
const TICK: Duration = Duration::from_millis(200);
/// How often it wakes while a search runs or the corpus is read, to show what it finds as it
/// finds it.
const SEARCH_TICK: Duration = Duration::from_millis(15);

/// Names a key that makes the reader panic, for the test that checks, through the real binary,
/// that a panic restores the terminal and leaves the saved files whole. No key makes gloss
/// panic otherwise, so without this there would be nothing honest to test with.
const PANIC_KEY_VAR: &str = "GLOSS_TEST_PANIC_ON_KEY";

/// Runs the reader until the user quits. `ratatui::try_init` installs a panic hook that restores the
/// terminal before the panic message is printed, and the hook added here first turns mouse
/// reporting and the keyboard enhancement off, which ratatui does not know of; the saved files are written atomically by the
/// writer thread, so a panic leaves them whole, and unwinding drops `app`, whose writer finishes
/// the saves already queued.
pub fn run(mut app: App) -> std::io::Result<()> {
    let panic_key = std::env::var(PANIC_KEY_VAR)
        .ok()
        .and_then(|v| v.chars().next());
    // Without a terminal (no controlling tty, as under cron or CI) this fails: an error for the
    // caller to report, where `ratatui::init` would panic.
    let mut terminal = ratatui::try_init().inspect_err(|_| ratatui::restore())?;
    // Whether the keyboard enhancement was pushed, for the panic hook and the end to pop it.
    let enhanced = Arc::new(AtomicBool::new(false));
    let restore_terminal = std::panic::take_hook();
    let pushed = Arc::clone(&enhanced);
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        if pushed.load(Ordering::Relaxed) {
            let _ = crossterm::execute!(std::io::stdout(), PopKeyboardEnhancementFlags);
        }
        restore_terminal(info);
    }));
    let result = (|| {
        crossterm::execute!(std::io::stdout(), EnableMouseCapture)?;
        let size = terminal.size()?;
        app.first_size(size.width, size.height);
        // The first frame comes before the terminal is asked anything: its answer is a round
        // trip (milliseconds, more over a network) that the first screen need not wait for.
        terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
        // Where the terminal can tell `Esc` from the start of an escape sequence (the kitty
        // keyboard protocol), it is asked to; elsewhere `split_escape` reads an Esc that came
        // too close to the next key. Asked after raw mode is on, since the terminal answers on
        // the input; keys typed meanwhile are kept for the loop.
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
        while !app.should_quit {
            if changed {
                terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
            }
            changed = false;
            let busy = searching || app.scan_progress().is_some() || app.is_opening();
            if event::poll(if busy { SEARCH_TICK } else { TICK })? {
                changed = true;
                match event::read()? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => {
                        if let Some(key) = convert(k) {
                            for key in app.prefs.keymap.split_escape(key) {
                                if panic_key.is_some_and(|c| key == Key::char(c)) {
                                    panic!("{PANIC_KEY_VAR}: the test key was pressed");
                                }
                                app.handle_key(key);
                            }
                        }
                    }
                    Event::Mouse(m) => {
                        if let Some(mouse) = convert_mouse(m) {
                            app.handle_mouse(mouse);
                        }
                    }
                    Event::Resize(w, h) => app.resize(w, h),
                    _ => {}
                }
            }
            changed |= app.poll_writer();
            changed |= app.open.as_mut().is_some_and(|open| open.poll_indexing());
            changed |= app.poll_scan();
            changed |= app.poll_opening();
            // The frame after a search ends shows its last matches.
            changed |= searching;
            searching = app.poll_searches();
            changed |= searching;
        }
        Ok(())
    })();
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    if enhanced.load(Ordering::Relaxed) {
        let _ = crossterm::execute!(std::io::stdout(), PopKeyboardEnhancementFlags);
    }
    ratatui::restore();
    // Every save queued is written first; then the reader's memory is left for the system to
    // take back at once when the process ends, rather than freed piece by piece (a large
    // document's index, every annotation and its history), which took a good part of a second
    // on a 50 MB document with 10,000 annotations. Nothing is in flight by then.
    app.writer.flush();
    std::mem::forget(app);
    result
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
    Some(Key {
        code,
        ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
        alt: k.modifiers.contains(KeyModifiers::ALT),
    })
}
