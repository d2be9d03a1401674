import ArgumentParser
import LedgerCore

/// git's conventions for a command line that names no command, or one that does not exist
/// (docs/repositories.md, "The command line").
enum CommandSuggestion {
    /// The problem with `args` before parsing: nil when the command path is fine. Plain `kpi`
    /// is the short help with exit status 1 (as git does); an unknown (sub)command names the
    /// nearest one.
    static func problem(_ args: [String], root: any ParsableCommand.Type) -> (message: String, status: Int32)? {
        if args.isEmpty { return (root.helpMessage(), 1) }
        var command = root
        var path = [root.configuration.commandName ?? "kpi"]
        for word in args {
            let subcommands = command.configuration.subcommands
            if word.hasPrefix("-") || subcommands.isEmpty { return nil }
            let names = subcommands.compactMap { $0.configuration.commandName ?? defaultName($0) }
            if let next = subcommands.first(where: { ($0.configuration.commandName ?? defaultName($0)) == word || $0.configuration.aliases.contains(word) }) {
                command = next
                path.append(word)
                continue
            }
            if word == "help" { return nil }
            let full = path.joined(separator: " ")
            var text = "kpi: error: '\(word)' is not a \(full) command"
            if let near = nearest(word, in: names) { text += "; did you mean `\(full) \(near)`?" }
            text += " (see `\(full) --help`)\n"
            return (text, 1)
        }
        return nil
    }

    /// The closest name: within two edits (a swap of neighbours counts as one), or the only
    /// name that starts with `word`.
    static func nearest(_ word: String, in names: [String]) -> String? {
        if let near = Suggestion.closest(to: word, in: names, maxDistance: { min(2, max(1, $0.count / 2)) }) { return near }
        let starting = names.filter { $0.hasPrefix(word.lowercased()) }
        return starting.count == 1 ? starting[0] : nil
    }

    /// swift-argument-parser's name for a command without `commandName`.
    static func defaultName(_ type: any ParsableCommand.Type) -> String {
        String(describing: type).replacingOccurrences(of: "Command", with: "").lowercased()
    }
}
