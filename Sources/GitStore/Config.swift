import CGit2

extension Repository {
    /// A configuration value as git sees it: repository, then global (and xdg, system).
    public func configString(_ key: String) throws -> String? {
        let snapshot = try owned("git_repository_config_snapshot", free: { git_config_free($0) }) {
            git_repository_config_snapshot($0, raw)
        }
        var value: UnsafePointer<CChar>? = nil
        let rc = git_config_get_string(&value, snapshot.raw, key)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_config_get_string(\(key))")
        return swiftString(value)
    }

    /// Sets a value in the repository's own configuration (.git/config).
    public func setConfig(_ key: String, _ value: String) throws {
        let config = try owned("git_repository_config", free: { git_config_free($0) }) {
            git_repository_config($0, raw)
        }
        let local = try owned("git_config_open_level(local)", free: { git_config_free($0) }) {
            git_config_open_level($0, config.raw, GIT_CONFIG_LEVEL_LOCAL)
        }
        try check(git_config_set_string(local.raw, key, value), "git_config_set_string(\(key))")
    }
}
