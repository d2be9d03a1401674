import ArgumentParser
import Foundation
import LedgerCore
import LedgerFormat

extension GoalCommand {
    /// `kpi goal edit SUBJECT --quarter Q`: the whole sheet in the user's editor, committed as
    /// one commit once it validates (several goals changed at once, comments kept).
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Edit a goal sheet in $VISUAL/$EDITOR and commit it once it validates (one sheet, one commit).",
            discussion: "With errors, nothing is committed: on a terminal you are asked whether to edit again; otherwise kpi exits 1 with the errors.")
        @OptionGroup var options: RecordingOptions
        @Argument(help: "Person or team id.") var subject: String
        @Option(help: "Quarter, like 2026-Q3.") var quarter: Quarter

        func run() throws {
            let recorder = try options.recorder()
            let (original, exists) = try recorder.goalSheetToEdit(subject: subject, quarter: quarter)
            let name = "goals-\(subject)-\(quarter).yaml"
            var text = original
            while true {
                let edited = try Editor.edit(bytes: text, name: name)
                if edited == original {
                    return Output.out("The goals of \(subject) for \(quarter) are unchanged; nothing committed.\n")
                }
                do {
                    return options.report(try recorder.replaceGoals(subject: subject, quarter: quarter, was: exists ? original : nil, with: edited))
                } catch LedgerError.invalid(let diagnostics) where isatty(0) == 1 && isatty(2) == 1 {
                    Output.err(DiagnosticPrinter.text(diagnostics))
                    Output.err("Nothing committed. Edit again? [Y/n] ")
                    let answer = (readLine() ?? "n").trimmingCharacters(in: .whitespaces).lowercased()
                    guard answer.isEmpty || answer.hasPrefix("y") else { throw LedgerError.invalid(diagnostics) }
                    text = edited
                }
            }
        }
    }
}
