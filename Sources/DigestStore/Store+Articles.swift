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
        if let paragraphs = decodeStringArray(text) { return paragraphs }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// A JSON array of strings read directly, the strings made straight from the text: loading a
    /// day's 60,000 articles through `JSONDecoder` cost a second and, with its temporaries
    /// between the strings that stay, tens of megabytes of scattered memory. Nil for anything
    /// it does not expect (then `JSONDecoder` reads it, as before).
    static func decodeStringArray(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var index = 0
            func skipSpace() { while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 } }
            func hex4() -> UInt32? {
                guard index + 4 <= bytes.count else { return nil }
                var value: UInt32 = 0
                for byte in bytes[index..<(index + 4)] {
                    guard let digit = hexDigit(byte) else { return nil }
                    value = value << 4 | UInt32(digit)
                }
                index += 4
                return value
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
            index += 1
            skipSpace()
            var strings: [String] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1 } else {
                while true {
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
                    index += 1
                    let start = index
                    var unescaped: [UInt8]?
                    while true {
                        guard index < bytes.count else { return nil }
                        let byte = bytes[index]
                        if byte == UInt8(ascii: "\"") { break }
                        guard byte >= 0x20 else { return nil }
                        if byte != UInt8(ascii: "\\") {
                            unescaped?.append(byte)
                            index += 1
                            continue
                        }
                        if unescaped == nil { unescaped = Array(bytes[start..<index]) }
                        index += 1
                        guard index < bytes.count else { return nil }
                        let escape = bytes[index]
                        index += 1
                        switch escape {
                        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped!.append(escape)
                        case UInt8(ascii: "b"): unescaped!.append(0x08)
                        case UInt8(ascii: "f"): unescaped!.append(0x0C)
                        case UInt8(ascii: "n"): unescaped!.append(0x0A)
                        case UInt8(ascii: "r"): unescaped!.append(0x0D)
                        case UInt8(ascii: "t"): unescaped!.append(0x09)
                        case UInt8(ascii: "u"):
                            guard var code = hex4() else { return nil }
                            if (0xD800...0xDBFF).contains(code) {
                                // A surrogate pair: the low half must follow.
                                guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
                                index += 2
                                guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            }
                            guard let scalar = Unicode.Scalar(code) else { return nil }
                            unescaped!.append(contentsOf: Array(String(Character(scalar)).utf8))
                        default:
                            return nil
                        }
                    }
                    strings.append(unescaped.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: bytes[start..<index], as: UTF8.self))
                    index += 1
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; break }
                    guard bytes[index] == UInt8(ascii: ",") else { return nil }
                    index += 1
                    skipSpace()
                }
            }
            skipSpace()
            return index == bytes.count ? strings : nil
        }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
