import CBuildInfo

/// What `kpi --version` says: the release and the commit it was built from (docs/install.md).
public enum Version {
    public static let release = "0.1.0"
    /// "unknown" for a plain `swift build`; `make release` / `make install` record the commit.
    public static let commit = String(cString: kpi_build_commit())
    public static let text = "kpi \(release) (commit \(commit))"
}
