import Foundation
import GRDB

extension Store {
    /// Remembers that the briefing `name`, made at `date`, contained these articles.
    public func recordBriefing(name: String, at date: Date, storyCount: Int, articleIDs: [String]) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO briefing (createdAt, name, storyCount) VALUES (?, ?, ?)",
                           arguments: [date.timeIntervalSince1970, name, storyCount])
            let id = db.lastInsertedRowID
            for articleID in Set(articleIDs).sorted() {
                try db.execute(sql: "INSERT OR IGNORE INTO briefingArticle (briefingID, articleID) VALUES (?, ?)", arguments: [id, articleID])
            }
        }
    }

    /// The ids of articles that some earlier briefing already contained.
    public func briefedArticleIDs() throws -> Set<String> {
        try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT articleID FROM briefingArticle")) }
    }

    /// The time of the latest briefing, if any.
    public func lastBriefing() throws -> Date? {
        try pool.read { db in
            try Double.fetchOne(db, sql: "SELECT max(createdAt) FROM briefing").map(Date.init(timeIntervalSince1970:))
        }
    }
}
