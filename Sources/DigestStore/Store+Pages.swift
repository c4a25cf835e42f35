import DigestModel
import Foundation
import GRDB

/// Article pages fetched for their full text, kept so that a page is fetched once, revalidated
/// with its validators later, and a failing page is not asked for again before its retry time.
public struct CachedPage: Sendable, Equatable {
    /// The page's URL, as linked from the feed.
    public var url: URL
    /// When it was last fetched (or tried).
    public var fetchedAt: Date
    /// Validators for a conditional request.
    public var etag: String?
    public var lastModified: String?
    /// The extracted text; empty when the last attempt failed.
    public var paragraphs: [String]
    /// The page's language, when it declares one.
    public var language: String?
    /// Whether the page files its article under opinion.
    public var isOpinion = false
    /// Why the last attempt failed, if it did.
    public var error: String?
    /// Consecutive failures.
    public var failures: Int
    /// Not to be fetched again before this.
    public var nextTry: Date?

    /// Creates a cached page.
    public init(url: URL, fetchedAt: Date, etag: String? = nil, lastModified: String? = nil, paragraphs: [String] = [],
                language: String? = nil, error: String? = nil, failures: Int = 0, nextTry: Date? = nil, isOpinion: Bool = false) {
        self.isOpinion = isOpinion
        self.url = url
        self.fetchedAt = fetchedAt
        self.etag = etag
        self.lastModified = lastModified
        self.paragraphs = paragraphs
        self.language = language
        self.error = error
        self.failures = failures
        self.nextTry = nextTry
    }
}

extension Store {
    /// The cached page for `url`, if any.
    public func cachedPage(_ url: URL) throws -> CachedPage? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM page WHERE url = ?", arguments: [url.absoluteString]) else { return nil }
            return CachedPage(
                url: url, fetchedAt: Date(timeIntervalSince1970: row["fetchedAt"]), etag: row["etag"], lastModified: row["lastModified"],
                paragraphs: Self.decode(row["paragraphs"]), language: row["language"], error: row["error"], failures: row["failures"],
                nextTry: (row["nextTry"] as Double?).map(Date.init(timeIntervalSince1970:)), isOpinion: row["opinion"] ?? false
            )
        }
    }

    /// Stores (replacing) a page.
    public func save(_ page: CachedPage) throws {
        try pool.write { db in
            // Prepared once and kept by the connection: a round saves thousands of pages.
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO page (url, fetchedAt, etag, lastModified, paragraphs, language, error, failures, nextTry, opinion)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [page.url.absoluteString, page.fetchedAt.timeIntervalSince1970, page.etag, page.lastModified,
                                 Self.encode(page.paragraphs), page.language, page.error, page.failures,
                                 page.nextTry?.timeIntervalSince1970, page.isOpinion])
        }
    }

    /// Deletes pages fetched before `cutoff`; returns how many.
    @discardableResult
    public func prunePages(olderThan cutoff: Date) throws -> Int {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM page WHERE fetchedAt < ?", arguments: [cutoff.timeIntervalSince1970])
            return db.changesCount
        }
    }
}
