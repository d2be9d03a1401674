import LedgerFormat

/// The files `kpi init` writes, rendered by the format's emitter (so they are in the strict
/// subset by construction), each starting with its schema line.
public enum CatalogFiles {
    public static func all(ledgerName: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        func put(_ kind: LedgerFileKind, _ path: String, _ value: YAMLValue, _ comments: [String] = []) {
            let text = YAMLEmitter.emit(value, header: [Schemas.modeline(for: kind, at: path)] + comments)
            files[path] = Array(text.utf8)
        }
        put(.settings, LedgerLayout.settingsFile, settings(name: ledgerName),
            ["KPI ledger settings: scoring cap, bonus cap and rating bands (score in points, 100 = on target)."])
        for m in DefaultCatalog.metrics {
            put(.metric, LedgerLayout.path(.metric, id: m.id), metric(m))
        }
        for s in DefaultCatalog.scorecards {
            put(.scorecard, LedgerLayout.path(.scorecard, id: s.id), scorecard(s),
                ["Dimension weights are percentages of a goal sheet's total weight."])
        }
        for kind in LedgerFileKind.allCases {
            files["\(Schemas.folder)/\(Schemas.fileName(kind))"] = Array(Schemas.text(for: kind).utf8)
        }
        return files
    }

    static func map(_ pairs: [(String, YAMLValue?)]) -> YAMLValue {
        .map(pairs.compactMap { k, v in v.map { (k, $0) } })
    }

    static func s(_ text: String) -> YAMLValue { .scalar(text) }

    static func settings(name: String) -> YAMLValue {
        let d = LedgerSettings()
        return map([
            ("name", s(name)),
            ("fiscal_year_start", s("1")),
            ("admins", .sequence([])),
            ("scoring", map([
                ("cap", s("120%")),
                ("bonus_cap", s("5")),
                ("ratings", .sequence(d.ratings.map { map([("grade", s($0.grade)), ("min", s($0.min.description))]) })),
            ])),
            ("policies", map([("max_stretch", s("100%")), ("min_ltv_cac", s("3"))])),
        ])
    }

    static func metric(_ m: DefaultCatalog.MetricSpec) -> YAMLValue {
        map([
            ("name", s(m.name)),
            ("names", map([("zh", s(m.zh))])),
            ("dimension", s(m.dimension)),
            ("unit", s(m.unit.rawValue)),
            ("direction", s(m.direction.rawValue)),
            ("aggregate", m.aggregate.map { s($0.rawValue) }),
            ("formula", m.formula.map(s)),
            ("description", s(m.description)),
        ])
    }

    static func scorecard(_ c: DefaultCatalog.ScorecardSpec) -> YAMLValue {
        map([
            ("name", s(c.name)),
            ("names", map([("zh", s(c.zh))])),
            ("description", s(c.description)),
            ("dimensions", .sequence(c.dimensions.map { d in
                map([("id", s(d.id)), ("name", s(d.name)), ("min", s("\(d.min)")), ("max", s("\(d.max)")),
                     ("metrics", .sequence(d.metrics.map(s)))])
            })),
            ("core_kpis", map([("min", s("2")), ("max", s("4"))])),
        ])
    }
}
