import ArgumentParser
import KPICLI
import KPIWeb

/// `kpi`: the CLI's commands plus `kpi serve`.
struct KPI: ParsableCommand {
    static let configuration = KPICommand.configuration(adding: [ServeCommand.self])
}

KPICommand.run(root: KPI.self)
