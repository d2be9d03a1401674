/// The report page's inline style sheet: readable on a laptop screen, and on paper without
/// background colours (every colour carries text or a border beside it).
package enum HTMLStyle {
    package static let css = """
    :root {
      --ink: #1d2733; --muted: #5e6b7a; --line: #d9dee5; --soft: #f4f6f9; --accent: #2857a4;
      --good: #2e8b57; --fair: #d08a12; --poor: #c0392b;
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body {
      margin: 0; background: #eef1f5; color: var(--ink);
      font-family: "Helvetica Neue", Arial, "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC",
        "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Liberation Sans", "DejaVu Sans", sans-serif;
      font-size: 14px; line-height: 1.45;
    }
    main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 40px; }
    header { margin-bottom: 18px; }
    .eyebrow { margin: 0; text-transform: uppercase; letter-spacing: .12em; font-size: 11px; color: var(--muted); font-weight: 600; }
    h1 { margin: 2px 0 4px; font-size: 28px; font-weight: 700; letter-spacing: -.01em; }
    h2 { margin: 0 0 12px; font-size: 19px; font-weight: 700; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
    h3 { margin: 0 0 8px; font-size: 15px; font-weight: 600; }
    h3 code { font-weight: 400; margin-left: 4px; }
    .meta { margin: 0 0 12px; color: var(--muted); }
    .summary { list-style: none; display: flex; flex-wrap: wrap; gap: 10px; padding: 0; margin: 0 0 12px; }
    .summary li { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; color: var(--muted); }
    .summary .num { color: var(--ink); font-weight: 700; font-size: 18px; margin-right: 4px; }
    .summary .num.small { font-size: 14px; margin-left: 2px; }
    nav { display: flex; gap: 16px; font-size: 13px; }
    nav a { color: var(--accent); text-decoration: none; }
    section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px 20px; margin: 0 0 18px;
      page-break-inside: avoid; break-inside: avoid; }
    .block { margin: 0 0 18px; page-break-inside: avoid; break-inside: avoid; }
    .block:last-child { margin-bottom: 0; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
    th { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600;
      border-bottom: 1.5px solid #aab4c0; white-space: nowrap; }
    tbody tr:last-child td { border-bottom: none; }
    tr { page-break-inside: avoid; break-inside: avoid; }
    .r { text-align: right; } .c { text-align: center; }
    .num { font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.score { font-weight: 700; font-size: 15px; }
    td.name, .name { font-weight: 600; }
    td.bar-col, th.bar-col { vertical-align: middle; }
    /* Fixed column widths line the tables of every quarter and person up on a wide screen;
       narrower screens and paper size the columns by their content. */
    @media screen and (min-width: 900px) { table.scores, table.goals { table-layout: fixed; } }
    col.w-name { width: 23%; } col.w-id { width: 10%; } col.w-num { width: 9%; } col.w-rating { width: 9%; } col.w-bar { width: 22%; }
    col.w-metric { width: 23%; } col.w-dim { width: 12%; } col.w-val { width: 9%; } col.w-gnum { width: 8%; }
    table.goals td, table.scores td { vertical-align: middle; }
    table.timeline td:nth-child(5) { min-width: 150px; }
    tr.changed td:first-child { box-shadow: inset 3px 0 var(--fair); }
    td.id code { color: var(--muted); }
    tr.sub td { font-size: 12px; color: var(--muted); padding-top: 0; }
    code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
    .muted { color: var(--muted); font-weight: 400; }
    .zh { color: var(--ink); }
    .note { color: var(--muted); margin: -4px 0 12px; font-size: 13px; }
    .empty { color: var(--muted); font-style: italic; margin: 0; }
    .empty.ok { color: var(--good); font-style: normal; font-weight: 600; }
    .warn { color: var(--poor); font-weight: 600; }
    .banner { border: 1px solid var(--poor); border-left-width: 6px; border-radius: 6px; padding: 10px 14px; margin: 0 0 16px; }
    .banner p { margin: 0; } .banner ul { margin: 6px 0 0; padding-left: 18px; font-size: 13px; }
    .banner.in-progress { border-color: var(--fair); }
    .tag { font-size: 10px; text-transform: uppercase; letter-spacing: .05em; border: 1px solid var(--muted); color: var(--muted);
      border-radius: 3px; padding: 0 4px; margin-left: 4px; font-weight: 600; }
    .rating { display: inline-block; min-width: 26px; padding: 1px 6px; border-radius: 4px; border: 1.5px solid currentColor;
      font-weight: 700; text-align: center; font-size: 13px; line-height: 1.3; }
    .r-S { color: #6a3fb5; } .r-A { color: var(--good); } .r-B { color: var(--accent); } .r-C { color: var(--fair); } .r-D { color: var(--poor); }
    .h-score { float: right; font-weight: 600; }
    .h-score .rating { margin-left: 6px; }
    .dims { margin: 8px 0 0; font-size: 12px; color: var(--muted); display: flex; flex-wrap: wrap; gap: 14px; }
    .dims strong { color: var(--ink); }
    .warnings { margin: 6px 0 0; padding-left: 18px; font-size: 12px; color: #8a5a00; }
    svg.bar { display: block; width: 100%; min-width: 110px; max-width: 200px; height: 14px; }
    table.scores th, table.goals th { letter-spacing: .02em; }
    table.scores th, table.goals th, table.scores td, table.goals td { padding-left: 7px; padding-right: 7px; }
    svg .track { fill: #eef1f5; stroke: #b7c0cb; stroke-width: 1; }
    svg .track.missing { fill: none; stroke-dasharray: 3 2; }
    svg .fill.good { fill: var(--good); } svg .fill.fair { fill: var(--fair); } svg .fill.poor { fill: var(--poor); }
    svg .tick { stroke: var(--ink); stroke-width: 1.5; }
    .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 14px; }
    figure.trend { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 10px 10px 4px;
      page-break-inside: avoid; break-inside: avoid; }
    figure.trend figcaption { font-size: 14px; margin: 0 0 2px 4px; }
    figure.trend figcaption code { color: var(--muted); margin-left: 4px; }
    svg.chart { display: block; max-width: 100%; height: auto; }
    svg.chart text { font-size: 11px; fill: var(--muted); }
    svg.chart text.val { fill: var(--ink); font-weight: 700; font-size: 12px; }
    svg.chart text.none { font-style: italic; }
    svg.chart .grid { stroke: #e3e7ec; stroke-width: 1; }
    svg.chart .ref { stroke: #7d8896; stroke-width: 1; stroke-dasharray: 4 3; }
    svg.chart .line { fill: none; stroke: var(--accent); stroke-width: 2.5; stroke-linejoin: round; }
    svg.chart .dot { fill: #fff; stroke: var(--accent); stroke-width: 2.5; }
    table.timeline td, table.findings td { font-size: 13px; }
    td.date { white-space: nowrap; }
    td.reason { max-width: 280px; white-space: pre-line; }
    td.change .old { color: var(--muted); text-decoration: line-through; }
    td.change .verb { color: var(--muted); font-style: italic; }
    tr.changed td.change strong { color: var(--ink); }
    td.finding { max-width: 480px; }
    .sev { display: inline-block; font-size: 11px; text-transform: uppercase; letter-spacing: .05em; font-weight: 700;
      border: 1.5px solid currentColor; border-radius: 4px; padding: 0 6px; }
    .sev.error { color: var(--poor); } .sev.warning { color: var(--fair); }
    code.rule { font-weight: 600; }
    footer { color: var(--muted); font-size: 12px; margin-top: 8px; }
    footer code.rev { word-break: break-all; }
    @page { size: A4; margin: 14mm 12mm; }
    @media print {
      body { background: none; color: #000; font-size: 11pt; }
      main { max-width: none; padding: 0; }
      nav { display: none; }
      section { border: none; border-radius: 0; padding: 0; margin: 0 0 10mm; }
      .summary li { border-color: #999; }
      h2 { border-bottom-color: #000; }
      th, td { border-bottom-color: #bbb; }
      .muted, .note, th { color: #444; }
      figure.trend { border-color: #999; }
      svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      td.reason, td.finding { max-width: none; }
    }
    @media screen and (max-width: 600px) {
      main { padding: 12px; }
      td.bar-col, th.bar-col { display: none; }
    }

    """
}
