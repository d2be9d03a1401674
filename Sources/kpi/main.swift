import ArgumentParser
import KPICLI
import KPIWeb

/// `kpi`: the CLI's commands plus `kpi serve`.
struct KPI: ParsableCommand {
    static let configuration = KPICommand.configuration(adding: [ServeCommand.self])
}

/// The same command line as `kpi --help`, the man page and the shell completions show it: with
/// git's `-C PATH` and `--no-pager` before the command, which `KPICommand.run` takes off itself.
struct DocumentedKPI: ParsableCommand {
    static let configuration = KPI.configuration

    @Option(name: .customShort("C"), help: "Run as if kpi was started in this folder.", completion: .directory)
    var directory: String?

    @Flag(name: .customLong("no-pager"), help: "Do not page the output of any command.")
    var noPager = false
}

KPICommand.run(root: KPI.self, documented: DocumentedKPI.self)
