import Foundation

/// What kpi knows of the terminal it writes to: colours (only on a terminal, never with
/// NO_COLOR, no-color.org) and its width (docs/format.md, "Text kpi shows").
enum Terminal {
    struct Style {
        let enabled: Bool
        static let plain = Style(enabled: false)
        func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func bold(_ s: String) -> String { wrap(s, "1") }
        func red(_ s: String) -> String { wrap(s, "31") }
        func green(_ s: String) -> String { wrap(s, "32") }
        func yellow(_ s: String) -> String { wrap(s, "33") }
        func dim(_ s: String) -> String { wrap(s, "2") }
    }

    static let stdout: Style = {
        let env = ProcessInfo.processInfo.environment
        let enabled = isatty(1) == 1 && env["NO_COLOR"].map(\.isEmpty) ?? true && env["TERM"] != "dumb"
        return Style(enabled: enabled)
    }()

    /// `--wide` was given: tables and lines stay whole on the terminal too.
    nonisolated(unsafe) static var keepWhole = false

    /// The width tables are fitted to unless a command says otherwise: the terminal's, unless
    /// `--wide`.
    static var fitWidth: Int? { keepWhole ? nil : columns }

    /// The width output is fitted to: only when standard output is a terminal (a file or a
    /// pipe gets whole lines), then COLUMNS when set, else the terminal's own size.
    static let columns: Int? = {
        guard isatty(1) == 1 else { return nil }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(text), n > 0 { return n }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }()
}
