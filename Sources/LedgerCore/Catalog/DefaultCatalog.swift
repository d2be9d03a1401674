/// The KPI catalog and scorecards `kpi init` writes (README.md, "Commands"): the common KPIs,
/// with English and Chinese names, and the department and PM-level scorecards with the
/// dimension weight ranges the practice uses.
public enum DefaultCatalog {
    public struct MetricSpec: Sendable {
        public let id, name, zh, dimension: String
        public let unit: MetricUnit
        public let direction: Direction
        public let aggregate: Aggregation?
        public let formula: String?
        public let description: String
    }

    public struct DimensionSpec: Sendable {
        public let id, name: String
        public let min, max: Int
        public let metrics: [String]
    }

    public struct ScorecardSpec: Sendable {
        public let id, name, zh: String
        public let description: String
        public let dimensions: [DimensionSpec]
    }

    static func m(_ id: String, _ name: String, _ zh: String, _ dimension: String, _ unit: MetricUnit,
                  _ direction: Direction, _ aggregate: Aggregation?, formula: String? = nil, _ description: String) -> MetricSpec {
        MetricSpec(id: id, name: name, zh: zh, dimension: dimension, unit: unit, direction: direction,
                   aggregate: aggregate, formula: formula, description: description)
    }

    public static let metrics: [MetricSpec] = [
        // Business results
        m("revenue", "Revenue", "营收", "business", .currency, .higher, .sum, "Revenue booked in the period."),
        m("profit", "Profit", "利润", "business", .currency, .higher, .sum, "Profit after direct costs."),
        m("conversion_rate", "Conversion rate", "转化率", "business", .percent, .higher, .mean, "Share of visitors who pay."),
        m("ltv", "Customer lifetime value", "用户生命周期价值", "business", .currency, .higher, .last, "Expected revenue from one customer over their lifetime."),
        m("cac", "Customer acquisition cost", "获客成本", "business", .currency, .lower, .mean, "Sales and marketing cost of winning one customer."),
        m("ltv_cac", "LTV/CAC", "用户生命周期价值/获客成本", "business", .ratio, .higher, nil, formula: "ltv / cac", "Healthy above 3."),
        m("arpu", "Average revenue per user", "每用户平均收入", "business", .currency, .higher, nil, formula: "revenue / mau", "Revenue of the quarter per monthly active user."),
        m("sales_attainment", "Sales target attainment", "销售目标达成率", "business", .percent, .higher, .last, "Sales achieved against plan (1200 of 1000 = 120%)."),
        m("lead_conversion", "Lead conversion rate", "线索转化率", "business", .percent, .higher, .mean, "Share of qualified leads that convert."),
        m("market_share", "Market share", "市场份额", "business", .percent, .higher, .last, "Share of the addressable market."),
        m("rd_roi", "R&D return on investment", "研发投入产出比", "business", .ratio, .higher, .last, "Return of R&D spending over its cost."),
        m("campaign_return", "Campaign return", "活动收益", "business", .currency, .higher, .sum, "Revenue attributed to campaigns."),
        m("campaign_cost", "Campaign cost", "活动成本", "business", .currency, .lower, .sum, "Money spent on campaigns."),
        m("campaign_roi", "Campaign ROI", "活动投资回报率", "business", .ratio, .higher, nil, formula: "campaign_return / campaign_cost", "Return over cost (200万 / 50万 = 4)."),
        m("channel_roi", "Channel ROI", "渠道投资回报率", "business", .ratio, .higher, .last, "Return over cost of an acquisition channel."),
        // User and product value
        m("dau", "Daily active users", "日活跃用户数", "user_value", .count, .higher, .mean, "Average daily active users."),
        m("mau", "Monthly active users", "月活跃用户数", "user_value", .count, .higher, .mean, "Average monthly active users."),
        m("retention", "Retention rate", "用户留存率", "user_value", .percent, .higher, .last, "Share of new users still active after 30 days."),
        m("growth_rate", "User growth rate", "用户增长率", "user_value", .percent, .higher, .last, "Growth of the active user base."),
        m("new_users", "New users", "新增用户数", "user_value", .count, .higher, .sum, "Users who signed up in the period."),
        m("natural_new_users", "Natural new users", "自然新增用户数", "user_value", .count, .higher, .sum, "New users expected without marketing (the natural baseline)."),
        m("marketing_growth", "Marketing-driven growth", "营销带来的增长", "user_value", .percent, .higher, nil, formula: "100 * (new_users - natural_new_users) / natural_new_users", "(actual − natural baseline) / natural baseline."),
        m("nps", "Net promoter score", "净推荐值", "user_value", .score, .higher, .last, "Promoters minus detractors, −100 to 100."),
        m("csat", "Customer satisfaction", "客户满意度", "user_value", .percent, .higher, .mean, "Share of satisfied answers in surveys."),
        m("core_feature_usage", "Core feature usage", "核心功能使用率", "user_value", .percent, .higher, .mean, "Share of active users who use the core feature."),
        m("task_completion", "Task completion rate", "任务完成率", "user_value", .percent, .higher, .mean, "Share of started key tasks that users finish."),
        m("complaint_rate", "Complaint rate", "投诉率", "user_value", .percent, .lower, .mean, "Complaints per hundred active users."),
        m("repurchase_rate", "Repurchase rate", "复购率", "user_value", .percent, .higher, .last, "Share of customers who buy again."),
        // Retention, NPS and new users are unlike units: each is put on a 0–100 scale before it
        // is weighted (docs/scoring.md, "Composites of unlike units").
        m("health_index", "Product health index", "产品健康指数", "user_value", .score, .higher, nil,
          formula: "0.4 * retention + 0.3 * (nps + 100) / 2 + 0.3 * min(100, 100 * new_users / mau)",
          "Composite on a 0–100 scale: retention 40%, NPS 30% (−100…100 mapped to 0…100), new users 30% (new users of the quarter per 100 monthly active users, at most 100)."),
        // Process and efficiency
        // A rate over the quarter is the ratio of the quarter's counts, not a mean of monthly
        // rates: 3/3, 2/3 and 4/4 are 9 of 10 = 90%, where the monthly mean says 88.9%.
        m("on_time_delivery", "On-time delivery rate", "需求按时交付率", "process", .percent, .higher, nil,
          formula: "100 * delivered_on_time / deliveries_planned", "Requirements delivered on time over those planned, over the quarter (9 of 10 = 90%)."),
        m("delivered_on_time", "Requirements delivered on time", "按时交付需求数", "process", .count, .higher, .sum, "Planned requirements delivered by their planned date."),
        m("deliveries_planned", "Requirements planned", "计划交付需求数", "process", .count, .higher, .sum, "Requirements planned for delivery in the period."),
        m("launch_quality", "Launch quality", "上线质量", "process", .score, .higher, .mean, "Quality score of launches (incidents, rollbacks)."),
        m("ab_test_success", "A/B test success rate", "A/B测试成功率", "process", .percent, .higher, .mean, "Share of experiments that ship a winner."),
        m("collaboration", "Cross-team collaboration", "跨部门协作评分", "process", .score, .higher, .mean, "Peer rating of product–marketing collaboration."),
        m("requirement_change_rate", "Requirement change rate", "需求变更率", "process", .percent, .lower, .mean, "Share of requirements changed after sign-off."),
        // Strategy and innovation
        m("strategic_goals", "Strategic goal attainment", "战略目标达成率", "strategy", .percent, .higher, .last, "Share of strategic milestones reached."),
        m("new_opportunities", "New business opportunities", "新业务机会数", "strategy", .count, .higher, .sum, "Validated new opportunities."),
        m("innovation", "Innovation output", "创新成果数", "strategy", .count, .higher, .sum, "Patents, new features or new products shipped."),
        m("brand_search_index", "Brand search index", "品牌搜索指数", "strategy", .count, .higher, .mean, "Search interest in the brand."),
        m("media_exposure", "Media exposure", "媒体曝光量", "strategy", .count, .higher, .sum, "Impressions in the media."),
        m("reputation", "Reputation score", "口碑评分", "strategy", .score, .higher, .last, "Sentiment of reviews and social mentions."),
    ]

    static func d(_ id: String, _ name: String, _ min: Int, _ max: Int, _ metrics: [String]) -> DimensionSpec {
        DimensionSpec(id: id, name: name, min: min, max: max, metrics: metrics)
    }

    public static let scorecards: [ScorecardSpec] = [
        ScorecardSpec(id: "product_department", name: "Product department", zh: "产品部门",
                      description: "Department scorecard for product.", dimensions: [
            d("competitiveness", "Product competitiveness", 30, 40, ["market_share", "nps", "core_feature_usage", "innovation", "health_index"]),
            d("user_satisfaction", "User satisfaction", 20, 30, ["retention", "csat", "complaint_rate", "task_completion", "dau", "mau"]),
            d("monetisation", "Monetisation", 20, 30, ["revenue", "profit", "arpu", "ltv_cac", "conversion_rate", "sales_attainment"]),
            d("rd_efficiency", "R&D efficiency", 10, 20, ["on_time_delivery", "launch_quality", "rd_roi", "requirement_change_rate", "ab_test_success"]),
            d("collaboration", "Product–marketing collaboration", 5, 10, ["collaboration"]),
        ]),
        ScorecardSpec(id: "marketing_department", name: "Marketing department", zh: "市场部门",
                      description: "Department scorecard for marketing.", dimensions: [
            d("growth", "Growth", 30, 40, ["new_users", "growth_rate", "marketing_growth", "mau", "dau"]),
            d("brand", "Brand", 20, 30, ["brand_search_index", "media_exposure", "reputation", "nps"]),
            d("channel_efficiency", "Channel efficiency", 20, 30, ["channel_roi", "campaign_roi", "cac", "lead_conversion", "conversion_rate"]),
            d("acquisition_retention", "Acquisition and retention", 10, 20, ["repurchase_rate", "retention", "ltv", "ltv_cac"]),
            d("collaboration", "Product–marketing collaboration", 5, 10, ["collaboration"]),
        ]),
        ScorecardSpec(id: "pm_junior", name: "Product manager, junior", zh: "初级产品经理",
                      description: "Junior PMs: process and delivery first.", dimensions: [
            d("process", "Process and efficiency", 40, 50, ["on_time_delivery", "launch_quality", "requirement_change_rate", "ab_test_success"]),
            d("user_value", "User and product value", 25, 35, ["retention", "csat", "core_feature_usage", "task_completion", "nps", "complaint_rate", "dau"]),
            d("business", "Business results", 10, 20, ["conversion_rate", "revenue", "arpu"]),
            d("collaboration", "Product–marketing collaboration", 5, 10, ["collaboration"]),
        ]),
        ScorecardSpec(id: "pm_mid", name: "Product manager, mid-level", zh: "中级产品经理",
                      description: "Mid-level PMs: user value first.", dimensions: [
            d("user_value", "User and product value", 35, 45, ["retention", "csat", "core_feature_usage", "task_completion", "nps", "complaint_rate", "dau", "mau", "health_index"]),
            d("business", "Business results", 20, 30, ["conversion_rate", "revenue", "arpu", "ltv_cac"]),
            d("process", "Process and efficiency", 15, 25, ["on_time_delivery", "launch_quality", "requirement_change_rate", "ab_test_success"]),
            d("strategy", "Strategy and innovation", 0, 10, ["innovation", "new_opportunities"]),
            d("collaboration", "Product–marketing collaboration", 5, 10, ["collaboration"]),
        ]),
        ScorecardSpec(id: "pm_senior", name: "Product manager, senior", zh: "高级产品经理",
                      description: "Senior PMs: business results and strategy first.", dimensions: [
            d("business", "Business results", 30, 40, ["revenue", "profit", "market_share", "ltv_cac", "arpu", "rd_roi", "conversion_rate"]),
            d("strategy", "Strategy and innovation", 20, 30, ["strategic_goals", "new_opportunities", "innovation"]),
            d("user_value", "User and product value", 20, 30, ["retention", "nps", "csat", "health_index", "mau"]),
            d("process", "Process and efficiency", 5, 15, ["on_time_delivery", "launch_quality", "ab_test_success"]),
            d("collaboration", "Product–marketing collaboration", 5, 10, ["collaboration"]),
        ]),
    ]
}
