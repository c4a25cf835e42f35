import Foundation
import GRDB

extension Store {
    /// The remembered state of feed `id`, or a fresh one when the feed is new or its configured
    /// URL has changed since (a new URL starts over: validators, backoff and 410 forgotten).
    public func feedState(id: String, configuredURL: URL) throws -> FeedState {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM feed WHERE id = ?", arguments: [id]),
                  let stored = URL(string: row["configuredURL"]), stored == configuredURL else {
                return FeedState(id: id, configuredURL: configuredURL)
            }
            var state = FeedState(id: id, configuredURL: configuredURL)
            state.url = URL(string: row["url"]) ?? configuredURL
            state.title = row["title"]
            state.etag = row["etag"]
            state.lastModified = row["lastModified"]
            state.lastAttempt = (row["lastAttempt"] as Double?).map(Date.init(timeIntervalSince1970:))
            state.lastSuccess = (row["lastSuccess"] as Double?).map(Date.init(timeIntervalSince1970:))
            state.lastError = row["lastError"]
            state.errorCount = row["errorCount"]
            state.nextFetch = (row["nextFetch"] as Double?).map(Date.init(timeIntervalSince1970:))
            state.disabled = row["disabled"]
            return state
        }
    }

    /// Stores `state` whole.
    public func save(_ state: FeedState) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO feed (id, configuredURL, url, title, etag, lastModified, lastAttempt, lastSuccess,
                                             lastError, errorCount, nextFetch, disabled)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    state.id, state.configuredURL.absoluteString, state.url.absoluteString, state.title, state.etag, state.lastModified,
                    state.lastAttempt?.timeIntervalSince1970, state.lastSuccess?.timeIntervalSince1970, state.lastError,
                    state.errorCount, state.nextFetch?.timeIntervalSince1970, state.disabled,
                ])
        }
    }
}
