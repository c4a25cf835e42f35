import Foundation

/// A feed of any format, mapped onto one model. Dates are absolute; URLs are resolved.
public struct ParsedFeed: Sendable, Equatable, Codable {
    /// The syntax the document was written in.
    public enum Format: String, Sendable, Codable {
        case rss090, rss091, rss092, rss093, rss094, rss20, rss10, atom03, atom10, jsonFeed, cdf
    }

    /// The detected format.
    public var format: Format
    /// The feed's title as plain text.
    public var title: String?
    /// The site the feed belongs to.
    public var link: URL?
    /// RSS description or Atom subtitle, plain text.
    public var subtitle: String?
    /// The declared language (BCP 47 or close to it).
    public var language: String?
    /// When the feed last changed.
    public var updated: Date?
    /// When the feed was first published.
    public var published: Date?
    /// The items, in document order.
    public var entries: [FeedEntry]
    /// How long the feed asks readers to wait between fetches (RSS `<ttl>`), in seconds.
    public var ttl: TimeInterval?
    /// Problems the parser recovered from ("line 12: Opening and ending tag mismatch").
    public var warnings: [String]

    /// Creates a feed.
    public init(format: Format, title: String? = nil, link: URL? = nil, subtitle: String? = nil, language: String? = nil,
                updated: Date? = nil, published: Date? = nil, entries: [FeedEntry] = [], warnings: [String] = []) {
        self.format = format
        self.title = title
        self.link = link
        self.subtitle = subtitle
        self.language = language
        self.updated = updated
        self.published = published
        self.entries = entries
        self.warnings = warnings
    }
}

/// One item of a feed.
public struct FeedEntry: Sendable, Equatable, Codable {
    /// The guid or atom:id as written; may be nil for RSS items without one.
    public var id: String?
    /// The title as plain text.
    public var title: String?
    /// The alternate link, resolved against xml:base and the feed URL.
    public var link: URL?
    /// The first author's name.
    public var author: String?
    /// When the item was published.
    public var published: Date?
    /// When the item last changed.
    public var updated: Date?
    /// The description or summary, as HTML.
    public var summaryHTML: String?
    /// The full content (content:encoded, atom:content), as HTML.
    public var contentHTML: String?
    /// Category terms.
    public var categories: [String]
    /// Attached media.
    public var enclosures: [Enclosure]

    /// Creates an entry.
    public init(id: String? = nil, title: String? = nil, link: URL? = nil, author: String? = nil, published: Date? = nil,
                updated: Date? = nil, summaryHTML: String? = nil, contentHTML: String? = nil,
                categories: [String] = [], enclosures: [Enclosure] = []) {
        self.id = id
        self.title = title
        self.link = link
        self.author = author
        self.published = published
        self.updated = updated
        self.summaryHTML = summaryHTML
        self.contentHTML = contentHTML
        self.categories = categories
        self.enclosures = enclosures
    }
}

/// A media attachment of an entry.
public struct Enclosure: Sendable, Equatable, Codable {
    /// Where the media lives.
    public var url: URL
    /// Its MIME type, when given.
    public var type: String?
    /// Its length in bytes as written in the feed.
    public var length: String?

    /// Creates an enclosure.
    public init(url: URL, type: String? = nil, length: String? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}
