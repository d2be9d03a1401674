import Foundation

/// Finds the ledger a command works on: the folder holding ledger.yaml, from a start folder
/// upward, the way git finds its repository.
public enum LedgerLocator {
    /// The nearest folder at or above `start` holding ledger.yaml; with `within`, only folders
    /// at or below it count (a ledger is looked for inside its repository's work tree).
    public static func findRoot(from start: String, within top: String? = nil) -> String? {
        var dir = URL(fileURLWithPath: start).standardizedFileURL.path
        if let top, dir != top, !dir.hasPrefix(top == "/" ? "/" : top + "/") { return nil }
        while true {
            if FileManager.default.fileExists(atPath: dir + "/" + LedgerLayout.settingsFile) { return dir }
            if dir == top { return nil }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || parent.isEmpty { return nil }
            dir = parent
        }
    }

    /// An absolute, standardized path for `path` relative to the current directory.
    public static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
    }
}
