import LedgerFormat

/// Every refusal of the core, each with a message written for the person at the keyboard.
public enum LedgerError: Error, CustomStringConvertible {
    case unreadable(String)
    case notALedger(String)
    case alreadyALedger(String)
    case invalid([Diagnostic])
    /// A named refusal (`Refusal`): its code and its one wording.
    case refused(Refusal)
    /// A change its author has no authority for (docs/audit.md, `unauthorized_change`): a
    /// named refusal (`Refusal.notAManager` and the like) that the web answers with 403.
    case unauthorized(Refusal)

    public var description: String {
        switch self {
        case .unreadable(let p): return "cannot read \(p)"
        case .notALedger(let p):
            return "no ledger found at \(p) or any folder above it (run `kpi init` to start one; or run kpi inside a ledger's folder, the one holding ledger.yaml, or name it with `kpi -C FOLDER`)"
        case .alreadyALedger(let p): return "\(p) already holds a ledger; nothing was changed"
        case .invalid(let d): return d.map(\.description).joined(separator: "\n")
        case .refused(let r): return r.message
        case .unauthorized(let r): return r.message
        }
    }

    /// Its stable name (docs/diagnostics.md); `.invalid` carries one per diagnostic.
    public var code: DiagnosticCode {
        switch self {
        case .unreadable: return .unreadableFile
        case .notALedger: return .notALedger
        case .alreadyALedger: return .alreadyALedger
        case .invalid(let d): return d.first?.code ?? .refused
        case .refused(let r): return r.code
        case .unauthorized(let r): return r.code
        }
    }
}
