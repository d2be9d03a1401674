import ArgumentParser

public struct KPICommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "A git-backed, plain-text KPI ledger."
    )
    public init() {}
}
