/// What each key of a ledger file means, in English and Chinese, for the JSON Schemas: an
/// editor's hover shows it (docs/format.md describes the same keys at length). Looked up by
/// the file or item that holds the key (`FileShape.what`), then by the key alone; a test
/// checks that every key of every shape has both languages, enum values included.
struct KeyDescription: Sendable {
    var en: String
    var zh: String
    /// For a key with a fixed set of values: what each value means, in the schema's order.
    var values: [String: (en: String, zh: String)] = [:]

    /// Both languages, as the schema's `description`.
    var text: String { en + "\n\n" + zh }
}

extension FileShape {
    /// The description of `key` in this shape.
    func describe(_ key: String) -> KeyDescription? {
        KeyDescription.byPlace["\(what).\(key)"] ?? KeyDescription.byKey[key]
    }
}

extension KeyDescription {
    init(_ en: String, _ zh: String, values: [String: (en: String, zh: String)] = [:]) {
        self.en = en
        self.zh = zh
        self.values = values
    }

    /// Keys that mean the same wherever they appear.
    static let byKey: [String: KeyDescription] = [
        "name": .init("The name people read in reports.", "报告中显示的名称。"),
        "names": .init("The name in other languages, by language code, like `zh: 用户留存率`.", "其他语言的名称，按语言代码列出，例如 `zh: 用户留存率`。"),
        "description": .init("A longer explanation, for people.", "给人看的详细说明。"),
        "level": .init("A job level or grade, as the organisation names them (free text).", "职级（自由文本，按组织的叫法）。"),
        "scorecard": .init("The scorecard (a file in scorecards/) that weights this subject's goals.", "用于给目标加权的考核表（scorecards/ 中的文件）。"),
        "subject": .init("The person or team these goals, records or review belong to; must match the file name.", "本文件所属的人或团队；必须与文件名一致。"),
        "quarter": .init("The quarter, like 2026-Q3; must match the folder.", "季度，例如 2026-Q3；必须与所在文件夹一致。"),
        "notes": .init("Free notes (use `|` for several lines).", "备注（多行请用 `|`）。"),
        "note": .init("A note on this entry: where it came from, or why it changed.", "本条的备注：来源或修改原因。"),
        "reason": .init("Why this was given or changed.", "设定或修改的原因。"),
        "metric": .init("The metric (a file in metrics/), by its id.", "指标 id（metrics/ 中的文件）。"),
        "min": .init("The lowest value allowed.", "允许的最小值。"),
        "max": .init("The highest value allowed.", "允许的最大值。"),
    ]

    /// Keys whose meaning depends on the file or item holding them (`FileShape.what`).
    static let byPlace: [String: KeyDescription] = [
        // ledger.yaml
        "ledger.yaml.name": .init("The organisation's name, shown at the top of reports.", "组织名称，显示在报告顶部。"),
        "ledger.yaml.fiscal_year_start": .init("The month (1–12) the fiscal year starts; quarters count from it.", "财年开始的月份（1–12），季度从此月起算。"),
        "ledger.yaml.admins": .init("The emails of the people allowed to change anyone's goals and the organisation (the audit matches commits by email).", "可修改任何人目标及组织设置的管理员邮箱（审计按提交的邮箱识别）。"),
        "ledger.yaml.scoring": .init("How attainment becomes a score and a rating.", "达成率如何换算成得分和评级。"),
        "ledger.yaml.policies": .init("Limits the checks warn about.", "检查时给出警告的界限。"),
        "ledger.yaml.signatures": .init("Whether every commit must be signed by a key in people/.", "是否要求每个提交都用 people/ 中登记的密钥签名。", values: [
            "optional": ("Signatures are checked when present.", "有签名时才校验。"),
            "required": ("Every commit must be signed; `kpi audit` reports unsigned ones.", "每个提交都必须签名；`kpi audit` 会报告未签名的提交。"),
        ]),
        "the scoring settings.cap": .init("The highest attainment a goal can count for, like 120%.", "单个目标可计入的最高达成率，例如 120%。"),
        "the scoring settings.bonus_cap": .init("The most bonus points a sheet can add.", "一张目标表最多可加的奖励分。"),
        "the scoring settings.ratings": .init("Rating bands, each a grade and the lowest score that earns it.", "评级档位：每档一个等级和获得它的最低分。"),
        "a rating band.grade": .init("The rating's name, like S, A, B.", "评级名称，例如 S、A、B。"),
        "a rating band.min": .init("The lowest score that earns this rating.", "获得此评级的最低分。"),
        "the policies.max_stretch": .init("How far a target may be from its baseline before a warning, like 50%.", "目标偏离基线多少以内不警告，例如 50%。"),
        "the policies.min_ltv_cac": .init("The LTV/CAC ratio below which a target is warned about, like 3.", "LTV/CAC 目标低于此值时发出警告，例如 3。"),
        // metrics/
        "a metric.dimension": .init("The scorecard dimension this metric belongs to, by id.", "该指标所属的考核维度 id。"),
        "a metric.unit": .init("What the metric's values measure.", "指标数值的单位。", values: [
            "percent": ("A share, written like 45%.", "百分比，例如 45%。"),
            "count": ("A number of things, like 1,200 or 50万.", "数量，例如 1,200 或 50万。"),
            "currency": ("Money, like ¥1.2M or $300K; one currency per goal.", "金额，例如 ¥1.2M 或 $300K；每个目标只用一种货币。"),
            "ratio": ("A plain ratio, like 3.2.", "比值，例如 3.2。"),
            "days": ("A number of days.", "天数。"),
            "hours": ("A number of hours.", "小时数。"),
            "score": ("Points on a scale, like an NPS or a rating of 4.5.", "分值，例如 NPS 或 4.5 分。"),
        ]),
        "a metric.direction": .init("Whether more is better or less is better.", "数值越高越好还是越低越好。", values: [
            "higher": ("More is better (revenue, retention).", "越高越好（收入、留存）。"),
            "lower": ("Less is better (cost, churn, days late).", "越低越好（成本、流失、延误天数）。"),
        ]),
        "a metric.aggregate": .init("How a quarter's records become one actual.", "一个季度的多条记录如何合成一个实际值。", values: [
            "last": ("The latest record.", "取最新一条记录。"),
            "sum": ("The sum of the records.", "记录之和。"),
            "mean": ("The mean of the records.", "记录的平均值。"),
            "min": ("The smallest record.", "最小的一条记录。"),
            "max": ("The largest record.", "最大的一条记录。"),
        ]),
        "a metric.formula": .init("Computes the metric from other metrics, like `ltv / cac`.", "由其他指标计算本指标，例如 `ltv / cac`。"),
        // scorecards/
        "a scorecard.dimensions": .init("The dimensions goals are grouped in, each with its weight range and metrics.", "目标所属的考核维度，各有权重范围和指标。"),
        "a scorecard.core_kpis": .init("How many goals may be marked core.", "可标记为核心 KPI 的目标数量范围。"),
        "a scorecard dimension.id": .init("The dimension's id, named by metrics' `dimension`.", "维度 id，指标的 `dimension` 引用它。"),
        "a scorecard dimension.min": .init("The least share of the weight this dimension should have, like 20%.", "该维度应占权重的最小比例，例如 20%。"),
        "a scorecard dimension.max": .init("The most share of the weight this dimension should have, like 30%.", "该维度应占权重的最大比例，例如 30%。"),
        "a scorecard dimension.metrics": .init("Metrics (ids) that count in this dimension.", "计入该维度的指标 id。"),
        "core_kpis.min": .init("The fewest core KPIs a sheet should have.", "一张目标表最少的核心 KPI 数。"),
        "core_kpis.max": .init("The most core KPIs a sheet should have.", "一张目标表最多的核心 KPI 数。"),
        // people/ and teams/
        "a person.email": .init("The email address the person commits with.", "此人提交时使用的邮箱。"),
        "a person.manager": .init("The person's manager (an id in people/); managers may change their reports' goals.", "直属经理（people/ 中的 id）；经理可修改下属的目标。"),
        "a person.team": .init("The team (an id in teams/) the person belongs to.", "所属团队（teams/ 中的 id）。"),
        "a person.signing_keys": .init("SSH public keys that sign this person's commits, as in an allowed-signers line: ssh-ed25519 AAAA… comment.", "用于签署此人提交的 SSH 公钥，格式同 allowed-signers：ssh-ed25519 AAAA… 备注。"),
        "a team.lead": .init("The person (an id in people/) who leads the team.", "团队负责人（people/ 中的 id）。"),
        "a team.parent": .init("The team (an id in teams/) this team is part of.", "上级团队（teams/ 中的 id）。"),
        // goals/
        "a goal sheet.goals": .init("The goals of the quarter, one `- metric:` item each.", "本季度的目标，每个以 `- metric:` 开头。"),
        "a goal sheet.bonus": .init("Bonus points added to the score, each with a reason.", "加到得分上的奖励分，各附原因。"),
        "a goal.baseline": .init("Where the metric stood before the quarter, as people write it: 45%, 1,200, 50万, ¥1.2M.", "季度开始前的水平，按习惯写法：45%、1,200、50万、¥1.2M。"),
        "a goal.target": .init("The value to reach by the end of the quarter, as people write it: 45%, 1,200, 50万, ¥1.2M. Empty on a drafted sheet until the manager sets it (a warning until then).", "季度末要达到的值，按习惯写法：45%、1,200、50万、¥1.2M。草拟的目标表中可暂时留空，待经理填写（留空期间会有警告）。"),
        "a goal.weight": .init("The goal's share of the score, like 30 or 30%; goals without one share what is left of 100.", "目标在得分中的权重，例如 30 或 30%；未写权重的目标平分剩余部分。"),
        "a goal.method": .init("How attainment is computed from baseline, target and actual (docs/scoring.md).", "如何由基线、目标和实际值计算达成率（见 docs/scoring.md）。", values: [
            "ratio": ("Actual divided by target (or target by actual when lower is better).", "实际值除以目标值（越低越好时为目标值除以实际值）。"),
            "progress": ("How far from baseline to target the actual got.", "从基线到目标走完了多少。"),
            "binary": ("100% when the target is met, 0 otherwise.", "达到目标为 100%，否则为 0。"),
        ]),
        "a goal.core": .init("Whether this is one of the sheet's core KPIs.", "是否为本表的核心 KPI。"),
        "a bonus item.points": .init("Points added to the score.", "加到得分上的分数。"),
        // records/
        "a records file.records": .init("The measurements, one `- date:` item each, oldest first.", "测量记录，每条以 `- date:` 开头，按时间先后排列。"),
        "a record.date": .init("The day the value was measured, YYYY-MM-DD.", "测量日期，格式 YYYY-MM-DD。"),
        "a record.value": .init("The measured value, as people write it: 45%, 1,200, 50万, ¥1.2M.", "测得的值，按习惯写法：45%、1,200、50万、¥1.2M。"),
        "a record.source": .init("Where the value came from (a report, a dashboard, a CSV import).", "数据来源（报表、看板、CSV 导入）。"),
        // The review cycle (docs/review-cycle.md).
        "ledger.yaml.calibration": .init("Calibration settings: the target distribution of final ratings.", "校准设置：最终评级的目标分布。"),
        "the calibration settings.distribution": .init("The target share of people per final rating, like `S: 10%`; the shares add up to 100%.", "每个最终评级的目标人数占比，例如 `S: 10%`；合计为 100%。"),
        "ledger.yaml.incentives": .init("Incentive settings: bonus multipliers by final rating.", "激励设置：按最终评级的奖金系数。"),
        "the incentive settings.multipliers": .init("The bonus multiplier of each final rating, like `S: 1.5`.", "每个最终评级的奖金系数，例如 `S: 1.5`。"),
        "a goal.aligns_to": .init("TEAM/METRIC: the goal of a team up this subject's team chain, same quarter, that this goal serves.", "TEAM/METRIC：本目标所支撑的、本人所在团队链上某团队同季度的目标。"),
        "a review.awards": .init("Awards the reviewer proposes, like `innovation`; give `award_reason`.", "评审人提名的奖项，例如 `innovation`；需写明 `award_reason`。"),
        "a review.award_reason": .init("Why the proposed awards are deserved.", "提名奖项的理由。"),
        "a calibration.team": .init("The team whose calibration meeting this is; must match the file name.", "本次校准会议所属团队；必须与文件名一致。"),
        "a calibration.quarter": .init("The quarter calibrated, like 2026-Q3; must match the folder.", "校准的季度，例如 2026-Q3；必须与所在文件夹一致。"),
        "a calibration.date": .init("The day of the meeting, YYYY-MM-DD.", "会议日期，格式 YYYY-MM-DD。"),
        "a calibration.attendees": .init("The people (ids in people/) at the meeting.", "参会人（people/ 中的 id）。"),
        "a calibration.ratings": .init("The ratings the meeting settled, one `- subject:` item each, with the reason.", "会议确定的评级，每条以 `- subject:` 开头，并写明理由。"),
        "a calibrated rating.subject": .init("The person or team rated (an id in people/ or teams/).", "被评级的人或团队（people/ 或 teams/ 中的 id）。"),
        "a calibrated rating.rating": .init("The calibrated rating, one of the ledger's grades; it is the final rating.", "校准后的评级，须为本账本的等级之一；即最终评级。"),
        "a calibrated rating.reason": .init("Why the meeting settled on this rating (required).", "会议确定该评级的理由（必填）。"),
        "a record.confidence": .init("A check-in: how likely the target is, from 1 (no chance) to 10 (certain).", "进度确认：达成目标的把握，从 1（没有可能）到 10（肯定达成）。"),
        "a record.corrects": .init("This record replaces the earlier records of its metric dated that day; needs a note saying why.", "本条替换同一指标在该日期的早先记录；需要写明原因的备注。"),
        // reviews/
        "a review.reviewer": .init("The person (an id in people/) who wrote the review.", "评审人（people/ 中的 id）。"),
        "a review.rating": .init("The rating given, one of the ledger's grades (ledger.yaml, scoring.ratings).", "给出的评级，须为 ledger.yaml 中 scoring.ratings 的等级之一。"),
        "a review.summary": .init("The review in a sentence or two.", "一两句话的评语。"),
        "a review.date": .init("The day of the review, YYYY-MM-DD.", "评审日期，格式 YYYY-MM-DD。"),
    ]
}
