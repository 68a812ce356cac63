//! Opening the interactive board, and `dealdeck print` for one screen of it as text.

use clap::{Args, ValueEnum};

use super::{CliError, CliResult, Context};
use crate::app::{App, Tab};
use crate::metrics::OwnerFilter;

/// Opens the board on the context's database until the person quits.
pub fn open(ctx: Context) -> CliResult {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError::bad(
            "the board needs a terminal; for scripts use `dealdeck print board` or `dealdeck deal list`",
        ));
    }
    crate::ui::theme::use_theme(ctx.config.theme.unwrap_or_default());
    for problem in App::keymap_problems(&ctx.config) {
        eprintln!("dealdeck: {problem}");
    }
    let app = App::start(ctx.store, &ctx.config, crate::app::Clock::System)?;
    match crate::app::event_loop::run(app)
        .map_err(|e| CliError::failed(format!("the terminal failed: {e}")))?
    {
        crate::app::event_loop::Ending::Quit => Ok(()),
        // Ended by a signal (terminal restored): exit as the shell expects of that signal.
        crate::app::event_loop::Ending::Signal(number) => std::process::exit(128 + number),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Screen {
    Board,
    Dashboard,
    Agenda,
}

#[derive(Debug, Args)]
pub struct PrintArgs {
    /// Which tab to render
    #[arg(value_enum)]
    pub screen: Screen,
    /// Width in columns
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub width: u16,
    /// Height in rows
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub height: u16,
    /// The dashboard counts only this owner's deals ("" for the deals without an owner)
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
}

/// Renders one screen with the board's drawing code and prints it as plain text.
pub fn print(ctx: Context, args: &PrintArgs) -> CliResult {
    use std::io::Write;
    crate::ui::theme::use_theme(ctx.config.theme.unwrap_or_default());
    // A script asked for a size no screen can be drawn at: bad usage, not a picture of the
    // board's "terminal too small" notice.
    if args.width < crate::ui::MIN_WIDTH || args.height < crate::ui::MIN_HEIGHT {
        return Err(CliError::bad(format!(
            "--width {} --height {} is too small to print; the screens need at least {}×{}",
            args.width,
            args.height,
            crate::ui::MIN_WIDTH,
            crate::ui::MIN_HEIGHT
        )));
    }
    let mut app = match args.screen {
        Screen::Board | Screen::Agenda => App::new(ctx.store, &ctx.config, ctx.now)?,
        Screen::Dashboard => App::start(ctx.store, &ctx.config, ctx.now)?,
    };
    app.state.tab = match args.screen {
        Screen::Agenda => {
            // As the key does: the tab reads its sections when it opens.
            app.dispatch(crate::app::Msg::Do(crate::app::Action::AgendaTab));
            Tab::Agenda
        }
        Screen::Board => {
            app.read_ahead(Some(args.height));
            Tab::Board
        }
        Screen::Dashboard => {
            // On the tab first (a big pipeline reads its rows only for the tab), then wait
            // for the figures rather than print "computing…".
            app.state.dashboard.owner = args.owner.as_deref().map(OwnerFilter::named);
            app.state.tab = Tab::Dashboard;
            app.tick_dashboard(true);
            Tab::Dashboard
        }
    };
    let text = crate::ui::render_text(&app.state, args.width, args.height);
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        // `dealdeck print board | head` closing the pipe early is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.into()),
    }
}
