import Foundation

/// The readable text of one item, ready for the story stages.
public struct Article: Sendable, Equatable, Codable {
    /// Stable across runs: the source id and the entry's guid, link or title.
    public var id: String
    /// The `FeedSource.id` it came from.
    public var sourceID: String
    /// The name of the outlet, for citations.
    public var sourceName: String
    /// The canonical link to the article, if any.
    public var url: URL?
    /// The headline, plain text.
    public var title: String
    /// When it was published (or updated, when that is all the feed says).
    public var published: Date?
    /// Plain text, one string per paragraph.
    public var paragraphs: [String]
    /// The language, when known.
    public var language: String?
    /// Whether the outlet marks it as opinion or analysis rather than news (its page's section
    /// or schema.org type).
    public var isOpinion: Bool

    /// Creates an article.
    public init(id: String, sourceID: String, sourceName: String, url: URL?, title: String, published: Date?,
                paragraphs: [String], language: String? = nil, isOpinion: Bool = false) {
        self.id = id
        self.sourceID = sourceID
        self.sourceName = sourceName
        self.url = url
        self.title = title
        self.published = published
        self.paragraphs = paragraphs
        self.language = language
        self.isOpinion = isOpinion
    }
}
