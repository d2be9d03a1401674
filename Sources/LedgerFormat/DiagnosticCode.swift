/// The stable name of each kind of problem kpi reports, shown in `--format json` output so
/// scripts and editors can tell problems apart without reading their words. Every module's
/// codes are listed here, in one place, so docs/diagnostics.md can be checked against them
/// (a test does). A code, once shipped, keeps its name; new ones are added.
public enum DiagnosticCode: String, CaseIterable, Sendable, Hashable {
    // The text itself (docs/format.md, "What the parser refuses").
    case notUTF8 = "not-utf8"
    case controlCharacter = "control-character"
    case tabIndentation = "tab-indentation"
    case flowStyle = "flow-style"
    case unusedYAML = "unused-yaml"
    case multipleDocuments = "multiple-documents"
    case indentation
    case continuedLine = "continued-line"
    case tooDeep = "too-deep"
    case invalidEntry = "invalid-entry"
    case keyTooLong = "key-too-long"
    case quoting
    case duplicateKey = "duplicate-key"
    case blockText = "block-text"

    // One file's keys and values.
    case fileTooLarge = "file-too-large"
    case unreadableFile = "unreadable-file"
    case symbolicLink = "symbolic-link"
    case misplacedFile = "misplaced-file"
    case fileName = "file-name"
    case tooManyProblems = "too-many-problems"
    case emptyFile = "empty-file"
    case wrongShape = "wrong-shape"
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case invalidValue = "invalid-value"
    case invalidDate = "invalid-date"
    case invalidID = "invalid-id"
    case invalidFormula = "invalid-formula"
    case wrongFolder = "wrong-folder"
    case duplicateGoal = "duplicate-goal"
    case correctionWithoutNote = "correction-without-note"
    case unmatchedCorrection = "unmatched-correction"

    // References between files.
    case unknownMetric = "unknown-metric"
    case unknownPerson = "unknown-person"
    case unknownTeam = "unknown-team"
    case unknownScorecard = "unknown-scorecard"
    case unknownSubject = "unknown-subject"
    case formulaCycle = "formula-cycle"
    case managementCycle = "management-cycle"
    case computedMetricRecorded = "computed-metric-recorded"
    case mixedCurrencies = "mixed-currencies"

    // Warnings about goals and records (docs/scoring.md).
    case weightsNot100 = "weights-not-100"
    case zeroWeight = "zero-weight"
    case dimensionWeight = "dimension-weight"
    case coreKPICount = "core-kpi-count"
    case targetNotBetter = "target-not-better"
    case stretchTarget = "stretch-target"
    case lowLtvCac = "low-ltv-cac"
    case futureRecord = "future-record"
    case recordCountsNowhere = "record-counts-nowhere"
    case notYourReport = "not-your-report"
    case notALedgerFile = "not-a-ledger-file"

    // Importing a CSV file.
    case csvText = "csv-text"
    case csvHeader = "csv-header"
    case csvRow = "csv-row"
    case duplicateRecord = "duplicate-record"

    // Refusals: a command that did nothing.
    case usage
    case notALedger = "not-a-ledger"
    case alreadyALedger = "already-a-ledger"
    case unauthorized
    case gitFailure = "git-failure"
    /// A refusal not yet given a name of its own.
    case refused

    /// What the code means, for docs/diagnostics.md.
    public var summary: String {
        switch self {
        case .notUTF8: "The file is not valid UTF-8 text (save it as UTF-8)."
        case .controlCharacter: "An invisible or control character (NUL, a lone CR, U+0085, U+2028, a stray byte-order mark...) that text files must not hold."
        case .tabIndentation: "A tab where YAML, or some YAML tools, need spaces."
        case .flowStyle: "A list in brackets or a mapping in braces; ledger files write one item or entry per line."
        case .unusedYAML: "Valid YAML that ledger files do not use: directives, `...`, anchors, aliases, tags, folded text, explicit keys."
        case .multipleDocuments: "A second document (`---`) in one file, or text after `---`."
        case .indentation: "A line whose indentation fits no block above it."
        case .continuedLine: "Text continued on the next line without `|`."
        case .tooDeep: "Nesting deeper than ledger files ever need."
        case .invalidEntry: "A line that is neither `key: value` nor `- item`, or a value that cannot start as written."
        case .keyTooLong: "A key longer than YAML allows (1024 characters)."
        case .quoting: "Text in quotes that is not closed, spans lines, has a bad escape or text after the closing quote."
        case .duplicateKey: "The same key twice in one block."
        case .blockText: "Block text (`|`) whose header, indentation or end YAML tools read differently."
        case .fileTooLarge: "A file over the size limit; it is not read."
        case .unreadableFile: "A file that cannot be read."
        case .symbolicLink: "A symbolic link where a ledger file should be; kpi reads only regular files."
        case .misplacedFile: "A file in a ledger folder that kpi does not read (a warning)."
        case .fileName: "A file whose name or folder does not follow the ledger layout."
        case .tooManyProblems: "More problems in one file than are shown."
        case .emptyFile: "A file with nothing in it."
        case .wrongShape: "A value written as a list or keys where a single value is wanted, or the other way round."
        case .unknownKey: "A key this kind of file does not have (often a typo)."
        case .missingKey: "A required key that is missing or empty."
        case .invalidValue: "A value that cannot be read: a number, a unit, a choice, a rating, an email or a key."
        case .invalidDate: "A date or quarter not written as YYYY-MM-DD or YYYY-Qn."
        case .invalidID: "An id that is not lower_snake_case."
        case .invalidFormula: "A metric formula that cannot be read."
        case .wrongFolder: "A sheet whose subject, quarter or dates do not match its file name or folder."
        case .duplicateGoal: "A second goal for the same metric in one sheet."
        case .correctionWithoutNote: "A correction without a note saying why."
        case .unmatchedCorrection: "A correction with no earlier record of its metric and date to replace."
        case .unknownMetric: "A metric that no file in metrics/ defines."
        case .unknownPerson: "A person (manager, lead, reviewer) that no file in people/ defines."
        case .unknownTeam: "A team that no file in teams/ defines."
        case .unknownScorecard: "A scorecard that no file in scorecards/ defines."
        case .unknownSubject: "A subject that is neither a person nor a team."
        case .formulaCycle: "Metric formulas that refer to each other in a circle."
        case .managementCycle: "A management chain that comes back to where it started."
        case .computedMetricRecorded: "A record of a metric its formula computes; record the inputs instead."
        case .mixedCurrencies: "Values of one goal in more than one currency; kpi does not convert currencies."
        case .weightsNot100: "Goal weights that do not add up to 100 (a warning; scores are normalised)."
        case .zeroWeight: "A goal left with weight 0, so it counts nothing (a warning)."
        case .dimensionWeight: "A dimension's share of the weight outside what the scorecard asks for (a warning)."
        case .coreKPICount: "More or fewer core KPIs than the scorecard allows (a warning)."
        case .targetNotBetter: "A target that does not improve on its baseline (a warning)."
        case .stretchTarget: "A target further from its baseline than the ledger's policy allows (a warning)."
        case .lowLtvCac: "An LTV/CAC target below the ledger's health line (a warning)."
        case .futureRecord: "A record dated after today or after the commit that added it (a warning)."
        case .recordCountsNowhere: "A record that no goal of its subject and quarter uses (a warning)."
        case .notYourReport: "A change to someone you do not manage; `kpi audit` will report it (a warning)."
        case .notALedgerFile: "A changed file that is not a ledger file, left uncommitted (a warning)."
        case .csvText: "A CSV file that cannot be read as text or as CSV."
        case .csvHeader: "A CSV header without a required column, or with an unknown one."
        case .csvRow: "A CSV row that cannot be imported."
        case .duplicateRecord: "A record that is already in the ledger or earlier in the import."
        case .usage: "A command line kpi cannot read: an unknown option, a missing argument, options that do not go together."
        case .notALedger: "No ledger in this folder or any folder above it."
        case .alreadyALedger: "`kpi init` where a ledger already is."
        case .unauthorized: "A change its author has no authority for."
        case .gitFailure: "git (libgit2) refused an operation; its own words follow."
        case .refused: "A request kpi refused, with nothing changed."
        }
    }
}
