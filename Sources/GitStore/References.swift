import CGit2

/// An annotated or lightweight tag.
public struct Tag: Hashable, Sendable {
    /// Short name, e.g. "2026-Q3-closed" (without "refs/tags/").
    public let name: String
    /// The commit the tag finally points to (peeled).
    public let target: ObjectID
    /// The tag object (annotated) or nil (lightweight).
    public let tagObject: ObjectID?
    public let tagger: Signature?
    public let message: String?
}

extension Repository {
    /// The id a reference resolves to (symbolic references followed); nil when absent.
    public func reference(_ name: String) throws -> ObjectID? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, raw, name)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_reference_name_to_id(\(name))")
        return ObjectID(oid)
    }

    /// All references whose full name starts with `prefix` (e.g. "refs/tags/"), sorted by
    /// name, with the id each resolves to (a tag ref gives its tag object, not peeled).
    /// A folder (`prefix` ending in "/") is read alone: libgit2 lists and reads every loose
    /// reference otherwise (`kpi record` looked through every branch for closed quarters).
    public func references(withPrefix prefix: String) throws -> [(name: String, id: ObjectID)] {
        let folder = prefix.hasSuffix("/") && !prefix.contains(where: { "*?[\\".contains($0) })
        let it = try owned("git_reference_iterator_new", free: { git_reference_iterator_free($0) }) {
            // `*` matches across `/` here (libgit2's wildmatch without WM_PATHNAME).
            folder ? git_reference_iterator_glob_new($0, raw, prefix + "*") : git_reference_iterator_new($0, raw)
        }
        var names: [String] = []
        var name: UnsafePointer<CChar>? = nil
        while true {
            let rc = git_reference_next_name(&name, it.raw)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, "git_reference_next_name")
            if let n = swiftString(name), n.hasPrefix(prefix) { names.append(n) }
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return try names.compactMap { n in try reference(n).map { (name: n, id: $0) } }
    }

    /// Compare-and-swap: point `name` at `target` only if it currently points at `expected`
    /// (nil: only if it does not exist yet). Throws `.refMoved` when it does not.
    public func updateReference(_ name: String, to target: ObjectID, expected: ObjectID?,
                                logMessage: String) throws {
        var newID = target.oid
        var out: OpaquePointer? = nil
        let rc: Int32
        if var old = expected?.oid {
            rc = git_reference_create_matching(&out, raw, name, &newID, 1, &old, logMessage)
        } else {
            rc = git_reference_create_matching(&out, raw, name, &newID, 0, nil, logMessage)
        }
        if let out { git_reference_free(out) }
        if rc >= 0 { return }
        let error = GitError(libgit2: rc, call: "git_reference_create_matching(\(name))")
        switch error.code {
        case .refMoved, .exists:
            throw GitError(.refMoved, error.message, call: error.call)
        case .notFound where expected != nil:
            throw GitError(.refMoved, "\(name) no longer exists: \(error.message)", call: error.call)
        default:
            throw error
        }
    }

    /// Creates an annotated tag `refs/tags/<name>` on `target`. Throws `.exists` if the tag exists.
    /// The tag object is written first, then its reference through `updateReferenceNoted`, so a
    /// kpi killed while writing the reference leaves no lock the next command cannot clear.
    @discardableResult
    public func createTag(name: String, target: ObjectID, tagger: Signature, message: String) throws -> ObjectID {
        var oid = target.oid
        let object = try owned("git_object_lookup(\(target.short))", free: { git_object_free($0) }) {
            git_object_lookup($0, raw, &oid, GIT_OBJECT_ANY)
        }
        let sig = try tagger.makeGit()
        var out = git_oid()
        let text = message.hasSuffix("\n") ? message : message + "\n"
        let tag: ObjectID
        if let signer = try SSHSigner.configured(self, kind: "tag", request: signing) {
            tag = try createSignedTag(signer, name: name, target: target, type: git_object_type(object.raw),
                                      tagger: tagger, message: text)
        } else {
            try check(git_tag_annotation_create(&out, raw, name, object.raw, sig.signature, text), "git_tag_annotation_create(\(name))")
            tag = ObjectID(out)
        }
        let ref = "refs/tags/" + name
        do {
            try updateReferenceNoted(ref, to: tag, expected: nil, logMessage: "tag: \(name)")
        } catch let e as GitError where e.code == .refMoved {
            throw GitError(.exists, "the tag \(name) already exists", call: e.call)
        }
        return tag
    }

    /// All tags (or those whose name starts with the folder `prefix`, "closed/"), sorted by
    /// name; annotated ones with tagger and message.
    public func tags(under prefix: String = "") throws -> [Tag] {
        try references(withPrefix: "refs/tags/" + prefix).map { ref in
            let short = String(ref.name.dropFirst("refs/tags/".count))
            var oid = ref.id.oid
            let object = try owned("git_object_lookup(\(ref.name))", free: { git_object_free($0) }) {
                git_object_lookup($0, raw, &oid, GIT_OBJECT_ANY)
            }
            let peeled = try owned("git_object_peel(\(ref.name))", free: { git_object_free($0) }) {
                git_object_peel($0, object.raw, GIT_OBJECT_COMMIT)
            }
            let target = ObjectID(git_object_id(peeled.raw))
            guard git_object_type(object.raw) == GIT_OBJECT_TAG else {
                return Tag(name: short, target: target, tagObject: nil, tagger: nil, message: nil)
            }
            let tagger = git_tag_tagger(object.raw).map { Signature($0) }
            return Tag(name: short, target: target, tagObject: ref.id, tagger: tagger,
                       message: swiftString(git_tag_message(object.raw)))
        }
    }
}
