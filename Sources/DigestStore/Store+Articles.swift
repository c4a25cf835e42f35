import DigestModel
import Foundation
import GRDB

extension Store {
    /// What saving a batch of articles did.
    public struct SaveReport: Sendable, Equatable {
        /// Articles seen for the first time.
        public var inserted = 0
        /// Known articles whose text changed.
        public var updated = 0
        /// Known articles, unchanged.
        public var unchanged = 0
        /// Articles another feed already brought under the same canonical URL.
        public var duplicates = 0

        /// Creates a report.
        public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, duplicates: Int = 0) {
            self.inserted = inserted
            self.updated = updated
            self.unchanged = unchanged
            self.duplicates = duplicates
        }
    }

    /// Saves articles read at `now`: new ones are inserted, known ones (same id, that is same
    /// feed and guid) are updated when their text changed, and an article whose canonical URL
    /// another feed already brought is counted as a duplicate and not stored twice.
    @discardableResult
    public func save(_ articles: [Article], at now: Date) throws -> SaveReport {
        try pool.write { db in
            var report = SaveReport()
            // Each statement is prepared once a round, not once an article (SQLite's parser was
            // a tenth of storing a round).
            let existing = try db.cachedStatement(sql: "SELECT contentHash FROM article WHERE id = ?")
            let update = try db.cachedStatement(sql: "UPDATE article SET title = ?, paragraphs = ?, published = ?, contentHash = ?, url = ?, canonicalURL = ?, opinion = ? WHERE id = ?")
            let elsewhere = try db.cachedStatement(sql: "SELECT 1 FROM article WHERE canonicalURL = ? AND feedID != ?")
            let insert = try db.cachedStatement(sql: """
                INSERT INTO article (id, feedID, sourceName, url, canonicalURL, title, published, firstSeen, paragraphs, language, contentHash, opinion)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for article in articles {
                let hash = Self.contentHash(article)
                let canonical = article.url.map(CanonicalURL.string)
                if let stored = try String.fetchOne(existing, arguments: [article.id]) {
                    if stored == hash {
                        report.unchanged += 1
                    } else {
                        try update.execute(arguments: [article.title, Self.encode(article.paragraphs), article.published?.timeIntervalSince1970,
                                                       hash, article.url?.absoluteString, canonical, article.isOpinion, article.id])
                        report.updated += 1
                    }
                    continue
                }
                if let canonical, try Bool.fetchOne(elsewhere, arguments: [canonical, article.sourceID]) == true {
                    report.duplicates += 1
                    continue
                }
                try insert.execute(arguments: [article.id, article.sourceID, article.sourceName, article.url?.absoluteString, canonical,
                                               article.title, article.published?.timeIntervalSince1970, now.timeIntervalSince1970,
                                               Self.encode(article.paragraphs), article.language, hash, article.isOpinion])
                report.inserted += 1
            }
            return report
        }
    }

    /// Articles published (or, when undated, first seen) in `period`, oldest first.
    public func articles(in period: ClosedRange<Date>, feeds: Set<String>? = nil) throws -> [Article] {
        try pool.read { db in
            // Row by row (a cursor), and only the columns an article needs: a day of 60,000
            // rows fetched whole first held every row beside the articles made from them.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, feedID, sourceName, url, title, published, firstSeen, paragraphs, language, opinion
                FROM article WHERE coalesce(published, firstSeen) BETWEEN ? AND ?
                ORDER BY coalesce(published, firstSeen), id
                """, arguments: [period.lowerBound.timeIntervalSince1970, period.upperBound.timeIntervalSince1970])
            var articles: [Article] = []
            // A feed's id and name are one string each for all its articles, not one per row.
            var names: [String: (id: String, name: String)] = [:]
            while let row = try rows.next() {
                let rowFeedID: String = row["feedID"]
                if let feeds, !feeds.contains(rowFeedID) { continue }
                let rowName: String = row["sourceName"]
                let feed: (id: String, name: String)
                if let known = names[rowFeedID], known.name == rowName { feed = known } else {
                    feed = (rowFeedID, rowName)
                    names[rowFeedID] = feed
                }
                let firstSeen = Date(timeIntervalSince1970: row["firstSeen"])
                articles.append(Article(
                    id: row["id"], sourceID: feed.id, sourceName: feed.name,
                    url: (row["url"] as String?).flatMap(URL.init(string:)), title: row["title"],
                    published: (row["published"] as Double?).map(Date.init(timeIntervalSince1970:)) ?? firstSeen,
                    paragraphs: Self.decode(row["paragraphs"]), language: row["language"], isOpinion: row["opinion"] ?? false
                ))
            }
            return articles
        }
    }

    /// Deletes articles older than `cutoff` (by publication, or first sighting when undated); returns how many.
    @discardableResult
    public func pruneArticles(olderThan cutoff: Date) throws -> Int {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM article WHERE coalesce(published, firstSeen) < ? AND firstSeen < ?",
                           arguments: [cutoff.timeIntervalSince1970, cutoff.timeIntervalSince1970])
            return db.changesCount
        }
    }

    static func contentHash(_ article: Article) -> String {
        StableHash.hex(article.title + "\u{1F}" + article.paragraphs.joined(separator: "\u{1E}"))
    }

    static func encode(_ paragraphs: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(paragraphs), as: UTF8.self)) ?? "[]"
    }

    static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
