import CDeferredCertificates
import CGit2
import Foundation

/// The certificate authorities libgit2 checks an HTTPS server against (a process-wide libgit2
/// setting). libgit2's initialisation would parse the system's CA bundle in every process; kpi
/// defers that to the first HTTPS transfer (Sources/CDeferredCertificates, docs/architecture.md
/// "Start-up"), so each transfer says which authorities it uses before it connects.
enum CertificateAuthorities {
    private static let lock = NSLock()
    /// What libgit2 holds now: nil for the system's bundle (parsed or still deferred), else the
    /// file and folder of git's `http.sslCAInfo` / `http.sslCAPath` set last.
    nonisolated(unsafe) private static var custom: (file: String?, folder: String?)?
    nonisolated(unsafe) private static var systemParsed = false

    /// The system's bundle, as libgit2's initialisation found it (nothing when it found none).
    static func useSystem() throws {
        _ = Libgit2.initialized
        lock.lock(); defer { lock.unlock() }
        guard custom != nil || !systemParsed else { return }
        let file = kpi_certificates_deferred_file().map { String(cString: $0) }
        let folder = kpi_certificates_deferred_folder().map { String(cString: $0) }
        if file != nil || folder != nil {
            try set(file, folder, what: "the system's certificate authorities")
        }
        custom = nil
        systemParsed = true
    }

    /// git's `http.sslCAInfo` (a file) and `http.sslCAPath` (a folder) in place of the system's.
    static func use(file: String?, folder: String?) throws {
        _ = Libgit2.initialized
        lock.lock(); defer { lock.unlock() }
        if let custom, custom.file == file, custom.folder == folder { return }
        try set(file, folder, what: "the certificate authorities in \(file ?? folder ?? "?") (http.sslCAInfo / http.sslCAPath)")
        custom = (file, folder)
    }

    private static func set(_ file: String?, _ folder: String?, what: String) throws {
        let rc = kpi_git_set_ssl_cert_locations(file, folder)
        if rc < 0 {
            let e = GitError(libgit2: rc, call: "git_libgit2_opts(SET_SSL_CERT_LOCATIONS)")
            throw GitError(.invalidArgument, "cannot use \(what): \(e.message)")
        }
    }
}
