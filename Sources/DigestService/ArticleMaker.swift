import DigestFeeds
import DigestModel
import Foundation

/// Turns feed entries into articles: plain-text paragraphs from the entry's HTML, a stable id,
/// the outlet's name for citations.
struct ArticleMaker {
    let source: FeedSource
    let feed: ParsedFeed

    /// The name readers see: the configured name, else the feed's title, else the feed's id.
    var sourceName: String {
        if !source.name.isEmpty { return source.name }
        if let title = feed.title, !title.isEmpty { return title }
        return source.id
    }

    func article(_ entry: FeedEntry) -> Article {
        // Content is the fuller text; the summary is all some feeds carry.
        let html = entry.contentHTML ?? entry.summaryHTML ?? ""
        let paragraphs = HTMLText.paragraphs(fromHTML: html)
        let key = entry.id ?? entry.link?.absoluteString ?? entry.title ?? paragraphs.first ?? ""
        return Article(
            id: "\(source.id):\(StableHash.hex(key))",
            sourceID: source.id,
            sourceName: sourceName,
            url: entry.link,
            title: entry.title ?? "",
            published: entry.published ?? entry.updated,
            paragraphs: paragraphs,
            language: feed.language
        )
    }
}
