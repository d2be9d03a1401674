import ArgumentParser
import Foundation
import GitStore
import HTTPTypes
import Hummingbird
import KPICLI
import LedgerCore

/// The JSON API (docs/serve.md, docs/openapi.yaml): the same bodies as the CLI's
/// `--format json`, built by the same renderers.
extension WebApp {
    func api(_ method: HTTPRequest.Method, _ path: [String], _ request: Request, query: Query) async throws -> Response {
        switch (method, path) {
        case (.get, ["tip"]), (.head, ["tip"]):
            let tip = try await site.tipID()
            let etag = "\"\(tip?.hex ?? "empty")\""
            if request.headers[.ifNoneMatch] == etag {
                return Response(status: .notModified, headers: [.eTag: etag, .cacheControl: "no-cache"])
            }
            return HTTPText.json(.ok, JSON.object([("tip", tip.map { .string($0.hex) } ?? .null)]).render() + "\n",
                                 headers: [(.eTag, etag), (.cacheControl, "no-cache")])
        case (.get, ["score"]):
            let period = try Self.period(query)
            let subjects = query.all("subject")
            // `?forecast=true`: as `kpi score --forecast` (docs/review-cycle.md).
            let forecast: Bool
            switch query["forecast"] {
            case nil, "false": forecast = false
            case "true": forecast = true
            case let other?: throw WebFailure.forecastFlag(other)
            }
            let body = try await site.run { ctx in
                try period.report(ctx.tip.ledger, revision: ctx.tip.revision, subjects: subjects, forecast: forecast)
            }
            return HTTPText.json(.ok, String(decoding: ScoreRenderer.jsonBytes(body), as: UTF8.self))
        case (.get, ["audit"]):
            let quarter = try Self.quarter(query["quarter"])
            let body = try await site.run { ctx in
                String(decoding: HistoryRenderer.audit(try ctx.history.audit(quarter: quarter)), as: UTF8.self)
            }
            return HTTPText.json(.ok, body)
        case (.get, let p) where p.count == 2 && p[0] == "history":
            let subject = p[1], metric = query["metric"]
            let quarter = try Self.quarter(query["quarter"])
            let body = try await site.run { ctx in
                HistoryRenderer.history(subject: subject, try ctx.history.history(subject: subject, metric: metric, quarter: quarter))
                    .render() + "\n"
            }
            return HTTPText.json(.ok, body)
        case (.get, ["diff"]):
            let from = query["from"], to = query["to"]
            let body = try await site.run { ctx -> String in
                guard ctx.tip.id != nil else { throw WebFailure.noCommitsYet() }
                return HistoryRenderer.diff(try ctx.history.diff(from: from, to: to)).render() + "\n"
            }
            return HTTPText.json(.ok, body)
        case (.post, ["records"]):
            // Browsers send Origin with a cross-site request; only this site's pages may write.
            if let origin = request.headers[.origin], origin != "http://\(request.head.authority ?? "")" {
                throw WebFailure.notFromThisSite("origin \(origin)")
            }
            let fields = try await Self.jsonObject(request, limit: settings.maxBody)
            let record = try Self.newRecord(fields)
            let result = try await write(request) { recorder in try recorder.record(record) }
            return HTTPText.json(.created, JSON.object([("commit", .string(result.commit.hex))]).render() + "\n")
        case (_, ["tip"]), (_, ["score"]), (_, ["audit"]), (_, ["diff"]), (_, ["records"]):
            throw WebFailure.methodNotAllowed(method.rawValue, on: "/api/" + path.joined(separator: "/"))
        case (_, let p) where p.count == 2 && p[0] == "history":
            throw WebFailure.methodNotAllowed(method.rawValue, on: "/api/history/SUBJECT")
        default:
            throw WebFailure.noSuchRoute("/api/" + path.joined(separator: "/"))
        }
    }

    /// `?quarter=` or `?year=`, read exactly as `kpi score` reads `--quarter` and `--year`.
    static func period(_ query: Query) throws -> PeriodOptions {
        var args: [String] = []
        if let q = query["quarter"] { args += ["--quarter", q] }
        if let y = query["year"] { args += ["--year", y] }
        do { return try PeriodOptions.parse(args) } catch {
            throw WebFailure(.badRequest, PeriodOptions.message(for: error))
        }
    }

    static func quarter(_ text: String?) throws -> Quarter? {
        guard let text, !text.isEmpty else { return nil }
        guard let q = Quarter(text) else { throw WebFailure.notAQuarter(text) }
        return q
    }

    /// The body of a JSON write: one object, within the size limit. A browser must label it
    /// `application/json`, which no cross-site form or simple request can send without asking
    /// first; a client that is no browser (curl -d, Python's urllib: they name no Origin and no
    /// Sec-Fetch-Site) may leave the label out or send its default one.
    static func jsonObject(_ request: Request, limit: Int) async throws -> [String: Any] {
        let labelled = (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/json")
        let fromBrowser = request.headers[.origin] != nil || request.headers[HTTPField.Name("Sec-Fetch-Site")!] != nil
        guard labelled || !fromBrowser else {
            throw WebFailure.recordNotJSON()
        }
        let bytes = try await body(request, limit: limit)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw WebFailure.bodyNotAnObject()
        }
        return object
    }

    /// The request body, refused past `limit` bytes.
    static func body(_ request: Request, limit: Int) async throws -> [UInt8] {
        var request = request
        do {
            var buffer = try await request.collectBody(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw WebFailure.bodyTooLarge(limit)
        }
    }

    /// `{"subject", "metric", "value", "date", "note"}` (and `source`, `corrects`) as a new record.
    static func newRecord(_ o: [String: Any]) throws -> Recorder.NewRecord {
        let known: Set<String> = ["subject", "metric", "value", "date", "note", "source", "corrects"]
        if let extra = o.keys.sorted().first(where: { !known.contains($0) }) {
            throw WebFailure.unknownRecordField(extra)
        }
        func text(_ key: String, required: Bool) throws -> String? {
            switch o[key] {
            case nil, is NSNull:
                if required { throw WebFailure.fieldMissing(key) }
                return nil
            case let s as String: return s
            default: throw WebFailure.fieldNotAString(key)
            }
        }
        // A value may be a JSON number (`41.5`) as well as text (`"41.5%"`, `"200万"`): the number
        // is written as its shortest decimal form; true/false are not values.
        func value() throws -> String {
            guard let n = o["value"] as? NSNumber else { return try text("value", required: true)! }
            // JSON's true and false arrive as an NSNumber of C type `char`.
            if String(cString: n.objCType) == "c" { throw WebFailure.valueNotANumberOrString() }
            let d = n.doubleValue
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            let shortest = "\(d)"
            guard d.isFinite, !shortest.contains("e") else { throw WebFailure.valueNotExact(shortest) }
            return shortest
        }
        return try FormValues.newRecord(subject: text("subject", required: true)!, metric: text("metric", required: true)!,
                                        value: value(), date: text("date", required: false),
                                        source: text("source", required: false), note: text("note", required: false),
                                        corrects: text("corrects", required: false))
    }
}

/// Values typed into a form or a JSON body, checked the way the CLI checks its arguments.
enum FormValues {
    static func newRecord(subject: String, metric: String, value: String, date: String?, source: String?, note: String?,
                          corrects: String?) throws -> Recorder.NewRecord {
        let day: Day
        if let date, !date.isEmpty {
            guard let d = Day(date) else { throw WebFailure.notADate(date) }
            day = d
        } else {
            day = Today.day()
        }
        var corrected: Day?
        if let corrects, !corrects.isEmpty {
            guard let d = Day(corrects) else { throw WebFailure.notADate(corrects, field: "corrects") }
            corrected = d
        }
        func opt(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        return Recorder.NewRecord(subject: subject, metric: metric, date: day, value: value, source: opt(source), note: opt(note),
                                  corrects: corrected)
    }
}
