import Foundation

/// Somewhere ledger files can be read from: a working directory, or a commit's tree.
public protocol LedgerSource {
    /// Relative, `/`-separated paths of every file under the ledger's own folders, sorted.
    func ledgerFiles() throws -> [String]
    func read(_ path: String) throws -> [UInt8]
}

/// A ledger in a plain directory (with or without git).
public struct DirectorySource: LedgerSource {
    public let root: String

    public init(root: String) { self.root = root }

    public func ledgerFiles() throws -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        if fm.fileExists(atPath: root + "/" + LedgerLayout.settingsFile) { out.append(LedgerLayout.settingsFile) }
        for top in LedgerLayout.ledgerRoots.dropFirst() {
            let base = root + "/" + top
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: base, isDirectory: &isDir), isDir.boolValue else { continue }
            guard let walker = fm.enumerator(atPath: base) else { continue }
            while let rel = walker.nextObject() as? String {
                let full = base + "/" + rel
                var d: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &d), !d.boolValue, !rel.hasPrefix("."),
                   !rel.contains("/.") {
                    out.append(top + "/" + rel)
                }
            }
        }
        return out.sorted()
    }

    public func read(_ path: String) throws -> [UInt8] {
        var st = stat()
        if stat(root + "/" + path, &st) == 0, Int(st.st_size) > LedgerLoader.maxFileBytes {
            throw LedgerError.invalid([LedgerLoader.tooLarge(path, size: Int(st.st_size))])
        }
        guard let data = FileManager.default.contents(atPath: root + "/" + path) else {
            throw LedgerError.unreadable(path)
        }
        return [UInt8](data)
    }
}
