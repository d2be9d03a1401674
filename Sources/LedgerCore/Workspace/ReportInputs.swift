import Foundation
import GitStore

/// The identity of everything a read command's output over the working files depends on, as
/// one SHA-1 (docs/architecture.md, "The report cache"): equal keys, equal inputs, so the
/// output kept under one can be shown again. It holds
/// - what the command asked (`context`: the CLI's options, today, the environment it reads),
///   and the running binary (the parsed-file cache's identity of it: another build may word
///   or compute things otherwise);
/// - where the ledger is (git directory, work tree, folder) and HEAD's commit id (outputs name
///   it; record dates are checked against its history);
/// - the index, by its own checksum (git's status of the files is read from it), and git's
///   configuration and ignore and attribute rules (what status reports as untracked or changed);
/// - every name the loader lists under the ledger's folders (`DirectorySource.visit`: new,
///   deleted and untracked files alike) with its content: a file's blob id from the index when
///   its stat data vouches for it (`IndexStat.blob`: git's racily-clean rule included), else the
///   blob id of its bytes, read and hashed; a link's target; a folder's .gitignore and
///   .gitattributes.
/// Computing it costs an `lstat` per file and a read of the index, as `git status` does.
public struct ReportInputs: Sendable {
    /// The SHA-1 of all of the above.
    public let key: ObjectID
    /// The repository's git directory (the cache is kept in its `kpi/` folder).
    public let gitDir: String
    /// Ledger files named, and how many of them were read and hashed (the index did not vouch for them).
    public let files: Int
    public let hashed: Int

    /// The inputs of a command started in `start` that reads the working files, with the
    /// caller's own `context`; nil when they cannot be named so (no git work tree holding the
    /// ledger, an unborn or unreadable HEAD, an index not in the usual form, the running binary
    /// unknown): the command then runs as it would without a cache.
    public static func of(start: String, context: [UInt8], environment: [String: String] = ProcessInfo.processInfo.environment) -> ReportInputs? {
        guard let binary = ParsedFileCache.binaryIdentity,
              let store = try? LedgerStore.open(from: start), let root = store.root, let workTree = store.location.workTree,
              FileManager.default.fileExists(atPath: root + "/" + LedgerLayout.settingsFile),
              let head = try? store.headCommit(), let config = try? store.repository.configEntries() else { return nil }
        let gitDir = store.repository.gitDir
        let indexPath = environment["GIT_INDEX_FILE"] ?? ((gitDir.hasSuffix("/") ? gitDir : gitDir + "/") + "index")
        let index = IndexStat(gitDir: gitDir, environment: environment)
        if index == nil, access(indexPath, F_OK) == 0 { return nil }

        let sha = SHA1Stream()
        func field(_ bytes: some Collection<UInt8>) {
            var n = UInt64(bytes.count).littleEndian
            withUnsafeBytes(of: &n) { sha.update($0) }
            sha.update(Array(bytes)[...])
        }
        func field(_ text: String) { field(Array(text.utf8)) }
        field("kpi-report-inputs 1")
        field(binary)
        field(context)
        field(gitDir)
        field(workTree)
        field(store.location.prefix)
        field(head.hex)
        field(index.map { Array($0.checksum) } ?? Array("no index".utf8))
        for e in config.entries { field(e.name + "=" + e.value) }

        // Ignore and attribute rules outside the ledger's folders: the repository's, the user's
        // (core.excludesFile / core.attributesFile, else git's default places), and each folder's
        // from the work tree's root down to the ledger's.
        let home = environment["HOME"] ?? NSHomeDirectory()
        let xdg = (environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config") + "/git/"
        func expanded(_ p: String) -> String { p.hasPrefix("~/") ? home + p.dropFirst(1) : p }
        var rules = [gitDir + "/info/exclude", gitDir + "/info/attributes",
                     expanded(config.value("core.excludesFile") ?? xdg + "ignore"),
                     expanded(config.value("core.attributesFile") ?? xdg + "attributes")]
        var folder = workTree
        for part in [""] + store.location.prefix.split(separator: "/").map(String.init) {
            if !part.isEmpty { folder += "/" + part }
            rules += [folder + "/.gitignore", folder + "/.gitattributes"]
        }
        for path in rules { field(path); field(contentID(of: path)) }

        // Every name the loader lists, in a fixed order, with its content, fed as the walk finds
        // it (nothing held per file: a million-record ledger has 219,000 of them).
        let repositoryPrefix = store.location.prefix.isEmpty ? "" : store.location.prefix + "/"
        var files = 0, hashed = 0
        DirectorySource(root: root).visit(under: LedgerLayout.ledgerRoots, ordered: true) { path, kind in
            field(path)
            switch kind {
            case .folder:
                field([0x64] + contentID(of: root + "/" + path + "/.gitignore") + contentID(of: root + "/" + path + "/.gitattributes"))
            case .link:
                files += 1
                var target = [UInt8](repeating: 0, count: Int(PATH_MAX))
                let n = readlink(root + "/" + path, &target, target.count)
                field([0x6C] + (n >= 0 ? Array(target[..<n]) : Array("unreadable \(errno)".utf8)))
            case .file:
                files += 1
                var st = stat()
                if lstat(root + "/" + path, &st) == 0, let blob = index?.blob(repositoryPrefix + path, st) {
                    field([0x66] + blob.bytes)
                } else {
                    hashed += 1
                    field([0x66] + contentID(of: root + "/" + path))
                }
            }
        }
        return ReportInputs(key: ObjectID(bytes: sha.finish()[...])!, gitDir: gitDir, files: files, hashed: hashed)
    }

    /// The git blob id of the file at `path` (a file too large for the loader: its size, which
    /// is all the loader reads of it), or a word saying why there is none.
    static func contentID(of path: String) -> [UInt8] {
        var st = stat()
        guard lstat(path, &st) == 0 else { return Array("absent \(errno)".utf8) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return Array("mode \(st.st_mode)".utf8) }
        if Int(st.st_size) > LedgerLoader.maxFileBytes { return Array("too large \(st.st_size)".utf8) }
        guard let data = FileManager.default.contents(atPath: path) else { return Array("unreadable".utf8) }
        return IndexStat.blobID(of: [UInt8](data)).bytes
    }
}
