import LedgerCore

/// The report's inline SVG charts, apart from the page around them: one horizontal bar (the
/// scoreboard's score and each goal's attainment) and the per-subject trend line. Plain
/// strings, no scripts; the CSS classes are styled by `HTMLStyle`.
package enum SVGCharts {
    /// How a bar fills: its share of the track is `value / scaleMax`, its colour says whether
    /// `value` reached `good` (on target) or `fair`.
    package struct BarScale {
        package var scaleMax: Double
        package var good: Double
        package var fair: Double
    }

    /// A bar 14 pixels high over a track `width` wide, with a tick where the target (`good`)
    /// sits; without a value, an empty track marked missing.
    package static func bar(_ value: Double?, width w: Double, scale: BarScale, label: String) -> String {
        let hundred = scale.good / scale.scaleMax * w
        var s = "<svg class=\"bar\" preserveAspectRatio=\"none\" width=\"\(fmt(w))\" height=\"14\" viewBox=\"0 0 \(fmt(w)) 14\" role=\"img\" aria-label=\"\(label)\">"
        if let v = value {
            let x = min(max(v, 0), scale.scaleMax) / scale.scaleMax * w
            let cls = v >= scale.good ? "good" : v >= scale.fair ? "fair" : "poor"
            s += "<rect class=\"track\" x=\"0.5\" y=\"2.5\" width=\"\(fmt(w - 1))\" height=\"9\" rx=\"2\"/>"
            s += "<rect class=\"fill \(cls)\" x=\"0.5\" y=\"2.5\" width=\"\(fmt(max(x - 1, 0)))\" height=\"9\" rx=\"2\"/>"
        } else {
            s += "<rect class=\"track missing\" x=\"0.5\" y=\"2.5\" width=\"\(fmt(w - 1))\" height=\"9\" rx=\"2\"/>"
        }
        return s + "<line class=\"tick\" vector-effect=\"non-scaling-stroke\" x1=\"\(fmt(hundred))\" y1=\"0\" x2=\"\(fmt(hundred))\" y2=\"14\"/></svg>"
    }

    /// A small line chart: one point per quarter, the score written above each point.
    package static func trend(_ points: [(Quarter, Double?)], top: Double, title: String) -> String {
        let width = 300.0, height = 170.0
        let left = 40.0, right = 34.0, topPad = 20.0, bottom = 26.0
        let plotW = width - left - right, plotH = height - topPad - bottom
        let n = points.count
        func x(_ i: Int) -> Double { n == 1 ? left + plotW / 2 : left + plotW * Double(i) / Double(n - 1) }
        func y(_ v: Double) -> Double { topPad + plotH * (1 - min(max(v, 0), top) / top) }
        var s = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" aria-label=\"\(esc(title))\">\n"
        s += "<title>\(esc(title))</title>\n"
        var ticks: [Double] = [0, 50, 100]
        if top > 100 { ticks.append(top) }
        for t in ticks {
            let yy = y(t)
            s += "<line class=\"\(t == 100 ? "ref" : "grid")\" x1=\"\(fmt(left))\" y1=\"\(fmt(yy))\" x2=\"\(fmt(width - right))\" y2=\"\(fmt(yy))\"/>"
            s += "<text class=\"axis\" x=\"\(fmt(left - 6))\" y=\"\(fmt(yy + 3.5))\" text-anchor=\"end\">\(fmt(t))</text>\n"
        }
        for (i, p) in points.enumerated() {
            s += "<text class=\"axis\" x=\"\(fmt(x(i)))\" y=\"\(fmt(height - 8))\" text-anchor=\"middle\">\(esc(p.0.description))</text>\n"
        }
        // Line segments only between consecutive quarters that both have a score.
        var segment: [String] = []
        func flush() {
            if segment.count > 1 { s += "<polyline class=\"line\" points=\"\(segment.joined(separator: " "))\"/>\n" }
            segment = []
        }
        for (i, p) in points.enumerated() {
            if let v = p.1 { segment.append("\(fmt(x(i))),\(fmt(y(v)))") } else { flush() }
        }
        flush()
        for (i, p) in points.enumerated() {
            guard let v = p.1 else {
                s += "<text class=\"none\" x=\"\(fmt(x(i)))\" y=\"\(fmt(y(top / 4)))\" text-anchor=\"middle\">no goals</text>\n"
                continue
            }
            let rounded = (v * 10).rounded() / 10
            s += "<circle class=\"dot\" cx=\"\(fmt(x(i)))\" cy=\"\(fmt(y(v)))\" r=\"4\"/>"
            s += "<text class=\"val\" x=\"\(fmt(x(i)))\" y=\"\(fmt(y(v) - 8))\" text-anchor=\"middle\">\(fmt(rounded))</text>\n"
        }
        return s + "</svg>\n"
    }
}

/// A coordinate or number for SVG: at most one decimal, no exponent, no "-0".
package func fmt(_ d: Double) -> String {
    let r = (d * 10).rounded() / 10
    if r == r.rounded() { return String(Int(r)) }
    let whole = Int(r.magnitude)
    let tenth = Int(((r.magnitude - Double(whole)) * 10).rounded())
    return (r < 0 ? "-" : "") + "\(whole).\(tenth)"
}
