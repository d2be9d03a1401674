import GitStore

extension Recorder {
    /// One ledger file replaced by `bytes` as a person typed them (the source editor of
    /// `kpi serve`, docs/serve.md): validated like a hand edit, refused in a closed quarter,
    /// committed under the ledger lock like every other write.
    public func replaceFile(_ path: String, with bytes: [UInt8]) throws -> Result {
        guard LedgerLayout.isLedgerFile(path) else {
            throw LedgerError.refused(.notALedgerFile(path))
        }
        return try commit { _, _, read in
            guard try read(path) != bytes else { throw LedgerError.refused(.unchanged("\(path) is unchanged")) }
            return ([path: bytes], "edit \(path)")
        }
    }
}
