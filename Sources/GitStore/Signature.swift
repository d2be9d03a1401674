import CGit2

/// Who and when: a git signature with the person's own UTC offset.
public struct Signature: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var email: String
    /// Seconds since the Unix epoch.
    public var time: Int64
    /// The person's UTC offset in minutes (e.g. +480 for +08:00).
    public var offsetMinutes: Int

    public init(name: String, email: String, time: Int64, offsetMinutes: Int) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    init(_ sig: UnsafePointer<git_signature>) {
        let s = sig.pointee
        self.init(name: swiftString(s.name) ?? "", email: swiftString(s.email) ?? "",
                  time: Int64(s.when.time), offsetMinutes: Int(s.when.offset))
    }

    /// ISO 8601 in the signer's own offset, e.g. `2026-08-10T11:00:00+08:00`.
    public var iso8601: String { CivilTime.iso8601(time: time, offsetMinutes: offsetMinutes) }

    /// git's raw form: `1700000000 +0200`.
    public var raw: String { "\(time) \(CivilTime.offsetString(offsetMinutes, colon: false))" }

    /// `Name <email>`.
    public var description: String { "\(name) <\(email)>" }

    /// A libgit2 signature owned by the returned handle.
    func makeGit() throws -> Owned {
        try owned("git_signature_new(\(self))", free: { git_signature_free(UnsafeMutablePointer($0)) }) { out in
            var sig: UnsafeMutablePointer<git_signature>? = nil
            let rc = git_signature_new(&sig, name, email, git_time_t(time), Int32(offsetMinutes))
            out.pointee = sig.map { OpaquePointer($0) }
            return rc
        }
    }
}

extension Owned {
    var signature: UnsafePointer<git_signature> { UnsafePointer(UnsafeMutablePointer<git_signature>(raw)) }
}
