import DigestModel
import Foundation

/// The normalized JSON that `digest inspect feed --json` prints, as the feed-conformance
/// benchmark reads it: plain-text fields, UTC dates, absolute URLs.
public struct FeedInspection: Encodable, Sendable {
    struct Feed: Encodable {
        var title, link, subtitle, language, updated, published: String?
    }

    struct Entry: Encodable {
        var title, link, id, published, updated, summary, content, author: String?
        var enclosures: [EnclosureJSON]
        var categories: [String]
    }

    struct EnclosureJSON: Encodable {
        var url: String
        var type, length: String?
    }

    let textFormat = "plain"
    let format: String
    let feed: Feed
    let entries: [Entry]
    let warnings: [String]

    enum CodingKeys: String, CodingKey {
        case textFormat = "text_format", format, feed, entries, warnings
    }

    /// The inspection of a parsed feed.
    public init(_ parsed: ParsedFeed) {
        format = parsed.format.rawValue
        feed = Feed(
            title: parsed.title, link: parsed.link?.absoluteString, subtitle: parsed.subtitle, language: parsed.language,
            // Like feedparser, `updated` falls back to `published` when a feed gives only one date.
            updated: (parsed.updated ?? parsed.published).map(Self.timestamp), published: parsed.published.map(Self.timestamp)
        )
        entries = parsed.entries.map { entry in
            Entry(
                title: entry.title, link: entry.link?.absoluteString, id: entry.id,
                published: entry.published.map(Self.timestamp), updated: (entry.updated ?? entry.published).map(Self.timestamp),
                summary: (entry.summaryHTML ?? entry.contentHTML).map(Self.plain),
                content: entry.contentHTML.map(Self.plain), author: entry.author,
                enclosures: entry.enclosures.map { EnclosureJSON(url: $0.url.absoluteString, type: $0.type, length: $0.length) },
                categories: entry.categories
            )
        }
        warnings = parsed.warnings
    }

    /// Pretty, key-sorted JSON.
    public func json() -> String { InspectionJSON.encode(self) }

    private static func plain(_ html: String) -> String {
        HTMLText.paragraphs(fromHTML: html).joined(separator: "\n\n")
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    static func timestamp(_ date: Date) -> String {
        date.ISO8601Format()
    }
}

/// The JSON that every `digest inspect` command prints: pretty, keys sorted, slashes unescaped.
public enum InspectionJSON {
    /// `value` as that JSON.
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs and dictionaries cannot fail; a failure would be a programming error.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
