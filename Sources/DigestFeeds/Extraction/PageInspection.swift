import DigestModel
import Foundation

/// The JSON that `digest inspect page --json` prints: the page's metadata, the method that found
/// the text, the paragraphs and the text as one string.
public struct PageInspection: Encodable, Sendable {
    let title, byline, published, language, canonicalURL, siteName, excerpt: String?
    let method: String
    let notes: [String]
    let paragraphs: [String]
    let text: String

    enum CodingKeys: String, CodingKey {
        case title, byline, published, language, canonicalURL = "canonical_url", siteName = "site_name", excerpt, method, notes,
             paragraphs, text
    }

    /// The inspection of an extracted page.
    public init(_ page: ExtractedPage) {
        title = page.title
        byline = page.byline
        published = page.published.map { FeedInspection.timestamp($0) }
        language = page.language
        canonicalURL = page.canonicalURL?.absoluteString
        siteName = page.siteName
        excerpt = page.excerpt
        method = page.method
        notes = page.notes
        paragraphs = page.paragraphs
        text = page.text
    }

    /// Pretty, key-sorted JSON.
    public func json() -> String { InspectionJSON.encode(self) }
}
