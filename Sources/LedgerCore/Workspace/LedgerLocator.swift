import Foundation

/// Finds the ledger a command works on: the folder holding ledger.yaml, from a start folder
/// upward, the way git finds its repository.
public enum LedgerLocator {
    public static func findRoot(from start: String) -> String? {
        var dir = URL(fileURLWithPath: start).standardizedFileURL.path
        while true {
            if FileManager.default.fileExists(atPath: dir + "/" + LedgerLayout.settingsFile) { return dir }
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
