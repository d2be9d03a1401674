import Foundation

/// The write journal as tests see it (docs/reliability.md): `.git/kpi/write-journal` is written
/// in place and emptied when a write is done, so it "is left" when it is not empty; the
/// whole-or-absent `.git/kpi/journal` of earlier kpi is left when it exists.
enum WriteJournalFile {
    /// The journals left in git folder `gitDir` (`…/.git` or a bare repository), relative to it.
    static func left(inGitDir gitDir: String) -> [String] {
        var found: [String] = []
        let fm = FileManager.default
        if let size = (try? fm.attributesOfItem(atPath: gitDir + "/kpi/write-journal"))?[.size] as? Int, size > 0 {
            found.append("kpi/write-journal")
        }
        if fm.fileExists(atPath: gitDir + "/kpi/journal") { found.append("kpi/journal") }
        return found
    }
}
