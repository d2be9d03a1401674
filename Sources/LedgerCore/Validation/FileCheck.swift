import LedgerFormat

/// `kpi check FILE...`: the format of each named file always, and its keys and references too
/// when the file lies at a known place in a ledger.
public enum FileCheck {
    public struct Result: Sendable {
        /// Diagnostics with paths as the caller gave them.
        public var diagnostics: [Diagnostic]
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// `files` are (path as given, absolute path).
    public static func check(_ files: [(given: String, absolute: String)], read: (String) throws -> [UInt8]) -> Result {
        var out: [Diagnostic] = []
        var ledgers: [String: Ledger] = [:]
        for (given, absolute) in files {
            let bytes: [UInt8]
            do { bytes = try read(absolute) } catch {
                out.append(Finding.unreadableFile.atStart(of: given))
                continue
            }
            if let root = LedgerLocator.findRoot(from: NSStringPath(path: absolute).directory),
               absolute.hasPrefix(root + "/") {
                let rel = String(absolute.dropFirst(root.count + 1))
                if case .file = LedgerLayout.classify(rel) {
                    if ledgers[root] == nil {
                        ledgers[root] = (try? LedgerLoader.load(from: DirectorySource(root: root))) ?? Ledger()
                    }
                    for d in ledgers[root]!.diagnostics where d.path == rel {
                        var d = d
                        d.path = given
                        out.append(d)
                    }
                    continue
                }
            }
            do {
                _ = try LedgerParser.parse(bytes, path: given)
                // Said, so a clean exit is not read as "this file is a valid ledger file".
                out.append(Finding.formatOnly.atStart(of: given))
            } catch {
                out.append(error)
            }
        }
        return Result(diagnostics: out)
    }
}

/// Just enough path arithmetic without Foundation's NSString bridging.
struct NSStringPath {
    let path: String
    var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

extension Finding {
    static let unreadableFile = Finding(.error, .unreadableFile, "cannot read this file")
    static let formatOnly = Finding(.warning, .misplacedFile,
                                    "not a ledger file (not at a place of a ledger's layout: people/, goals/QUARTER/ …), so only its YAML format was checked")
}
