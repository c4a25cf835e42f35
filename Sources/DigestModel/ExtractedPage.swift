import Foundation

/// The article found in a web page: its text and what the page says about it.
public struct ExtractedPage: Sendable, Equatable, Codable {
    /// The headline (page metadata first, then the document title without the site's name).
    public var title: String?
    /// The author(s), as the page names them.
    public var byline: String?
    /// When the page says it was published.
    public var published: Date?
    /// The language tag of the page (`en`, `pt-BR`), when it declares one.
    public var language: String?
    /// Whether the page marks the article as opinion (`article:section`, schema.org's
    /// `OpinionNewsArticle`).
    public var isOpinion = false
    /// The page's canonical address (`<link rel=canonical>` or `og:url`), absolute.
    public var canonicalURL: URL?
    /// The publication's name.
    public var siteName: String?
    /// The page's own summary (`description`).
    public var excerpt: String?
    /// The article text, one string per paragraph.
    public var paragraphs: [String]
    /// How the text was found ("readability", "json-ld", "paragraphs"), and what went wrong.
    public var method: String
    /// Problems noticed on the way (a wrong charset declaration, a fallback taken).
    public var notes: [String]

    /// Creates a page.
    public init(title: String? = nil, byline: String? = nil, published: Date? = nil, language: String? = nil,
                canonicalURL: URL? = nil, siteName: String? = nil, excerpt: String? = nil, paragraphs: [String],
                method: String, notes: [String] = []) {
        self.title = title
        self.byline = byline
        self.published = published
        self.language = language
        self.canonicalURL = canonicalURL
        self.siteName = siteName
        self.excerpt = excerpt
        self.paragraphs = paragraphs
        self.method = method
        self.notes = notes
    }

    /// The text, paragraphs separated by blank lines.
    public var text: String { paragraphs.joined(separator: "\n\n") }
}
