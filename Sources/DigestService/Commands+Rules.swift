import DigestModel
import DigestStore
import Foundation

extension Commands {
    /// `digest inspect rules`: which stored articles each of the config's rules hits, in the
    /// briefing window before `now`, or on `day` ("2026-11-22", in the config's time zone).
    public static func inspectRules(configPath: String?, day: String?, now: Date = Date(),
                                    out: @Sendable (String) -> Void, err: @Sendable (String) -> Void) -> Status {
        let config: Config
        do { config = try loadConfig(configPath) } catch {
            err("digest: \(error)")
            return .config
        }
        var period = now.addingTimeInterval(-config.briefing.window)...now
        if let day {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = config.timeZone
            let parts = day.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, (1...9999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]),
                  let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
                  let end = calendar.date(byAdding: .day, value: 1, to: start) else {
                err("digest: --day \"\(day)\" is not a date like 2026-11-22")
                return .usage
            }
            period = start...end.addingTimeInterval(-0.001)
        }
        let articles: [Article]
        do {
            articles = try Store(folder: config.state).articles(in: period, feeds: Set(config.feeds.map(\.id)))
        } catch {
            err("digest: \(error)")
            return .cannotCreate
        }
        guard !config.rules.isEmpty else {
            out("\(config.file.path) has no [[rules]].")
            return .ok
        }
        let sources = config.feedsByID
        for rule in config.rules {
            let hits = articles.filter { rule.matches($0, source: sources[$0.sourceID]) }
            let what = rule.pattern.map { "regex \($0)" } ?? "words \(rule.words.joined(separator: ", "))"
            let weight = rule.action == .boost ? String(format: " ×%g", rule.weight) : ""
            out("\(rule.name): \(rule.action.rawValue)\(weight), \(what), in \(rule.scopes.map(\.rawValue).joined(separator: ", ")): "
                + "\(hits.count) of \(articles.count) articles")
            for article in hits {
                out("  \(article.sourceName) — \(article.title.isEmpty ? "(untitled)" : article.title)\(article.url.map { " <\($0.absoluteString)>" } ?? "")")
            }
        }
        return .ok
    }
}
