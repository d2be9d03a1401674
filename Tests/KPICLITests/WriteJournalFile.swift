import Foundation

/// The write journal as tests see it (docs/reliability.md): `.git/kpi/journal-v3` is written
/// in place and marked done when a write is over (its `end` line rewritten as `done`), so it
/// "is left" while a line starts with `end `;
/// session 7's `.git/kpi/write-journal` (emptied when done) when it is not empty; the
/// whole-or-absent `.git/kpi/journal` of earlier kpi when it exists.
enum WriteJournalFile {
    /// The journals left in git folder `gitDir` (`…/.git` or a bare repository), relative to it.
    static func left(inGitDir gitDir: String) -> [String] {
        var found: [String] = []
        let fm = FileManager.default
        // Written in place; its last line `end …` is rewritten as `done …` when its write is over.
        if let bytes = fm.contents(atPath: gitDir + "/kpi/journal-v3") {
            let text = String(decoding: bytes, as: UTF8.self)
            if text.hasPrefix("end ") || text.contains("\nend ") { found.append("kpi/journal-v3") }
        }
        if let size = (try? fm.attributesOfItem(atPath: gitDir + "/kpi/write-journal"))?[.size] as? Int, size > 0 {
            found.append("kpi/write-journal")
        }
        if fm.fileExists(atPath: gitDir + "/kpi/journal") { found.append("kpi/journal") }
        return found
    }
}
