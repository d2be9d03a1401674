/// What a commit flushes to disk, as the repository's git configuration asks (docs/reliability.md,
/// "The order of a write"). By default git flushes none of what `git add && git commit` writes —
/// loose objects, refs, the index; the working tree never — and neither does kpi: a killed kpi
/// loses nothing its kernel already holds, which is how the all-or-nothing promise is kept.
/// When `core.fsync` names loose objects, references or the index (directly, or through
/// `objects`, `committed`, `added`, `all`), or `core.fsyncObjectFiles` is true, a write flushes
/// its journal and working files before renaming them into place (one flush) and libgit2 its
/// objects and refs.
extension Repository {
    /// Whether this repository's configuration asks for a commit's files to be flushed (read once).
    var flushesCommits: Bool {
        if let known = flushSetting { return known }
        let asked = Repository.asksForFlush(fsync: (try? configString("core.fsync")) ?? nil,
                                            objectFiles: (try? configBool("core.fsyncObjectFiles")) ?? nil)
        flushSetting = asked
        return asked
    }

    /// `core.fsync` read as git reads it (components in order; `none` clears, `-name` removes),
    /// reduced to the components a commit writes.
    static func asksForFlush(fsync: String?, objectFiles: Bool?) -> Bool {
        let looseObject = 1, reference = 2, index = 4
        let components: [String: Int] = ["loose-object": looseObject, "objects": looseObject, "reference": reference, "index": index,
                                         "committed": looseObject | reference, "added": looseObject | reference | index,
                                         "all": looseObject | reference | index]
        var set = 0
        for word in fsync?.split(separator: ",") ?? [] {
            var w = word
            while w.first == " " || w.first == "\t" { w.removeFirst() }
            while w.last == " " || w.last == "\t" { w.removeLast() }
            if w == "none" { set = 0; continue }
            if w.hasPrefix("-") { set &= ~(components[String(w.dropFirst())] ?? 0) } else { set |= components[String(w)] ?? 0 }
        }
        if objectFiles == true { set |= looseObject }
        return set != 0
    }
}
