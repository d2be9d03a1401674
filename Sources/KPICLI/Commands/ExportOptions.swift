import ArgumentParser
import Foundation
import LedgerCore
import Spreadsheet

/// The output formats of `kpi score`, `history` and `audit` (docs/spreadsheets.md).
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, markdown, xlsx

    /// The format a file's extension names (`-o scores.xlsx`), if any.
    init?(fileName: String) {
        switch (fileName as NSString).pathExtension.lowercased() {
        case "csv": self = .csv
        case "xlsx": self = .xlsx
        case "json": self = .json
        case "md", "markdown": self = .markdown
        default: return nil
        }
    }
}

/// `-o FILE` and `--bom`: where a report goes, and the byte order mark Excel needs to read a
/// UTF-8 CSV (Chinese names included) instead of guessing the system's code page.
struct ExportOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")],
            help: "Write to this file instead of standard output (its extension .csv, .xlsx, .json or .md gives the format unless --format does; a .csv file starts with a UTF-8 BOM).",
            completion: .file())
    var output: String?

    @Flag(help: "Start CSV written to standard output with a UTF-8 byte order mark (files always have one).")
    var bom = false

    func validate() throws {
        // A table written to a file keeps every cell whole, whatever the terminal's width.
        if output != nil { Terminal.keepWhole = true }
    }

    /// The format asked for: `--format`, else the output file's extension, else a table. A
    /// command checks it in its `validate()` too, so a refused pair comes with the usage.
    func format(_ given: ExportFormat?, allowed: [ExportFormat]) throws -> ExportFormat {
        let named = output.flatMap(ExportFormat.init(fileName:))
        if let given, let named, let output, given != named {
            // A workbook named .csv (or CSV named .xlsx) opens as garbage in a spreadsheet.
            throw ValidationError.formatMismatch(given.rawValue, output: output, extensionSays: named.rawValue)
        }
        let format = given ?? named ?? .table
        guard allowed.contains(format) else {
            throw ValidationError.formatNotWritten(format.rawValue, writes: allowed.map(\.rawValue))
        }
        if format == .xlsx, output == nil, isatty(1) == 1 {
            throw ValidationError.workbookToTerminal()
        }
        return format
    }

    /// Text output (a table, JSON, CSV, markdown) to standard output or the file.
    func write(_ text: String, format: ExportFormat, startDirectory: String) throws {
        let bom = format == .csv && (output != nil || self.bom) ? "\u{FEFF}" : ""
        guard let output else { return Output.out(bom + text) }
        try save(Array((bom + text).utf8), to: output, startDirectory: startDirectory)
    }

    /// A JSON document as `JSON` renders it (UTF-8, every control character escaped): written
    /// as it is, without the scan for control characters that text output goes through.
    func write(json bytes: [UInt8], startDirectory: String) throws {
        guard let output else { return Output.outEscaped(bytes) }
        try save(bytes, to: output, startDirectory: startDirectory)
    }

    /// A document made in pieces (`produce` hands each to `emit`), written as they come to
    /// standard output or the file, never held whole. The file is written whole or not at all,
    /// as `save` does: a temporary file beside it, renamed over it once complete. The pieces are
    /// JSON as `JSONWriter` writes it (every control character escaped), so they skip the scan
    /// text output goes through.
    func stream(startDirectory: String, _ produce: (_ emit: ([UInt8]) -> Void) throws -> Void) throws {
        guard let output else { return try produce { Output.outEscaped($0) } }
        let path = output.hasPrefix("/") ? output : startDirectory + "/" + output
        try ExportOptions.refuseLedgerTarget(path, given: output)
        let temporary = path + ".kpi-\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw CLIError(.cannotWrite(output, String(cString: strerror(errno)))) }
        var failure: Int32 = 0
        func finish(_ error: Error) -> Error {
            close(fd)
            unlink(temporary)
            return error
        }
        do {
            try produce { bytes in
                var rest = bytes[...]
                while failure == 0, !rest.isEmpty {
                    let n = rest.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                    if n < 0 {
                        if errno != EINTR { failure = errno }
                    } else {
                        rest = rest.dropFirst(n)
                    }
                }
            }
        } catch {
            throw finish(error)
        }
        if failure != 0 { throw finish(CLIError(.cannotWrite(output, String(cString: strerror(failure))))) }
        guard close(fd) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError(.cannotWrite(output, why))
        }
        guard rename(temporary, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError(.cannotWrite(output, why))
        }
    }

    /// A workbook of these sheets to the file or, when it is not a terminal, standard output.
    func write(_ sheets: [Sheet], startDirectory: String) throws {
        let data: Data
        do { data = try XLSXWriter.workbook(sheets) } catch { throw CLIError(.workbookNotWritten(error.description)) }
        guard let output else { return Output.outBytes([UInt8](data)) }
        try save([UInt8](data), to: output, startDirectory: startDirectory)
    }

    /// Written whole or not at all: a temporary file beside it, renamed over it.
    func save(_ bytes: [UInt8], to file: String, startDirectory: String) throws {
        let path = file.hasPrefix("/") ? file : startDirectory + "/" + file
        try ExportOptions.refuseLedgerTarget(path, given: file)
        let temporary = path + ".kpi-\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw CLIError(.cannotWrite(file, String(cString: strerror(errno))))
        }
        guard rename(temporary, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError(.cannotWrite(file, why))
        }
    }

    /// `-o` never replaces a ledger file (`LedgerLayout.isLedgerFile`, in the work tree of the
    /// ledger the file's folder lies in) nor writes inside a git directory: a report over
    /// `records/2026-Q4/alice.yaml` would silently destroy the ledger (docs/spreadsheets.md).
    static func refuseLedgerTarget(_ path: String, given: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().resolvingSymlinksInPath().standardizedFileURL.path
        let full = (folder == "/" ? "" : folder) + "/" + url.lastPathComponent
        if full.split(separator: "/").contains(".git") {
            throw CLIError(.outputInGitDirectory(given, gitDir: String(full[..<full.range(of: "/.git")!.upperBound])))
        }
        guard FileManager.default.fileExists(atPath: folder),
              let (location, _) = try? LedgerLocation.find(from: folder) else { return }
        let gitDir = URL(fileURLWithPath: location.gitDir).resolvingSymlinksInPath().standardizedFileURL.path
        if (full + "/").hasPrefix(gitDir + "/") { throw CLIError(.outputInGitDirectory(given, gitDir: gitDir)) }
        guard let ledger = location.folder, full.hasPrefix(ledger + "/"),
              FileManager.default.fileExists(atPath: ledger + "/" + LedgerLayout.settingsFile) else { return }
        let relative = String(full.dropFirst(ledger.count + 1))
        if LedgerLayout.isLedgerFile(relative) {
            throw CLIError(.outputIsLedgerFile(given, ledgerPath: relative, ledger: ledger))
        }
    }
}
