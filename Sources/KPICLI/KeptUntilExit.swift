/// What a read command holds until the process exits, never freed one allocation at a time:
/// the model of a large ledger is millions of them (a tenth of a second for a million records'
/// sheets), while the exit gives all of a process's memory back at once.
enum KeptUntilExit {
    nonisolated(unsafe) private static var values: [Any] = []

    /// Called on the command's thread only.
    static func keep(_ value: Any) { values.append(value) }
}
