import DigestModel
import Foundation

/// A reader's rule about articles (the idea of Miniflux's block and keep rules and of
/// NewsBlur's trainer): `mute` drops matching articles before grouping, `boost` ranks the
/// stories they are in higher.
///
/// A rule matches on words (any of them, whole words, case-insensitive) or on a regular
/// expression (ICU syntax, as `NSRegularExpression` reads it), in the scopes it names: the
/// article's `title`, its `text`, its `url`, its `feed` (id and name) or the feed's `tags`
/// (which hold its OPML folder).
public struct Rule: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case mute, boost
    }

    public enum Scope: String, Sendable, CaseIterable {
        case title, text, url, feed, tags
    }

    public var action: Action
    /// Lower-cased words; a rule with words matches any of them.
    public var words: [String]
    /// The regular expression's source, when the rule has one.
    public var pattern: String?
    public var scopes: [Scope]
    /// How much a boost multiplies a story's rank (1 for a mute).
    public var weight: Double
    /// Which rule of the config it is ("rules[2]"), for messages.
    public var name: String

    private let compiled: CompiledPattern?

    /// A rule; throws the regular expression's own error when `pattern` does not compile.
    public init(action: Action, words: [String] = [], pattern: String? = nil, scopes: [Scope] = [.title, .text],
                weight: Double = 2, name: String = "rule") throws {
        self.action = action
        self.words = words.map { $0.lowercased() }
        self.pattern = pattern
        self.scopes = scopes
        self.weight = action == .boost ? weight : 1
        self.name = name
        compiled = try pattern.map { CompiledPattern(try NSRegularExpression(pattern: $0)) }
    }

    public static func == (a: Rule, b: Rule) -> Bool {
        (a.action, a.words, a.pattern, a.scopes, a.weight, a.name) == (b.action, b.words, b.pattern, b.scopes, b.weight, b.name)
    }

    /// Whether the rule matches `article`, from a feed with `source`'s name and tags.
    public func matches(_ article: Article, source: FeedSource?) -> Bool {
        scopes.contains { scope in
            texts(of: article, source: source, in: scope).contains { matches($0) }
        }
    }

    private func texts(of article: Article, source: FeedSource?, in scope: Scope) -> [String] {
        switch scope {
        case .title: [article.title]
        case .text: article.paragraphs
        case .url: article.url.map { [$0.absoluteString] } ?? []
        case .feed: [article.sourceID, source?.name ?? article.sourceName]
        case .tags: source?.tags ?? []
        }
    }

    private func matches(_ text: String) -> Bool {
        if let compiled {
            return compiled.expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        guard !words.isEmpty else { return false }
        let lower = text.lowercased()
        return words.contains { word in
            // Whole words: the match must not continue a word on either side.
            var searchStart = lower.startIndex
            while let range = lower.range(of: word, range: searchStart..<lower.endIndex) {
                let before = range.lowerBound == lower.startIndex ? nil : lower[lower.index(before: range.lowerBound)]
                let after = range.upperBound == lower.endIndex ? nil : lower[range.upperBound]
                if !(before?.isLetter ?? false) && !(before?.isNumber ?? false) && !(after?.isLetter ?? false) && !(after?.isNumber ?? false) {
                    return true
                }
                searchStart = lower.index(after: range.lowerBound)
            }
            return false
        }
    }
}

/// A compiled expression: immutable once made, so it may be shared between threads.
private final class CompiledPattern: @unchecked Sendable {
    let expression: NSRegularExpression
    init(_ expression: NSRegularExpression) { self.expression = expression }
}

/// The rules applied to a window's articles.
public struct RuleOutcome: Sendable {
    /// The articles no mute rule matched.
    public var kept: [Article]
    /// How many a mute rule dropped.
    public var muted: Int
    /// Each boosted article's factor (the largest of the boosts that match it).
    public var boosts: [String: Double]

    /// Applies `rules` to `articles`, whose feeds are `sources` (by id).
    public init(rules: [Rule], articles: [Article], sources: [String: FeedSource]) {
        guard !rules.isEmpty else {
            (kept, muted, boosts) = (articles, 0, [:])
            return
        }
        let mutes = rules.filter { $0.action == .mute }, boosting = rules.filter { $0.action == .boost }
        var kept: [Article] = [], boosts: [String: Double] = [:]
        for article in articles {
            let source = sources[article.sourceID]
            if mutes.contains(where: { $0.matches(article, source: source) }) { continue }
            let factor = boosting.filter { $0.matches(article, source: source) }.map(\.weight).max()
            if let factor { boosts[article.id] = factor }
            kept.append(article)
        }
        self.kept = kept
        muted = articles.count - kept.count
        self.boosts = boosts
    }
}
