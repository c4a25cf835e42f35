import Foundation
import GRDB

/// One briefing to send to one target (an e-mail list or a webhook): the outbox row that keeps
/// a delivery until it succeeds, so a failed send is tried again later and never lost.
public struct DeliveryRecord: Sendable, Equatable {
    /// The briefing's name (`2026-11-22`).
    public var briefing: String
    /// Which target: `email` or `webhook:URL`.
    public var target: String
    /// The output folder that holds the briefing's files.
    public var folder: String
    /// When the briefing was made.
    public var createdAt: Date
    /// Sends tried so far.
    public var attempts: Int
    /// When the next try is due.
    public var nextTry: Date
    /// Why the last try failed; nil before the first try and after success.
    public var lastError: String?
    /// When it was delivered; nil while pending.
    public var deliveredAt: Date?
    /// Whether it was given up on (too old, or refused for good).
    public var abandoned: Bool

    /// Creates a record.
    public init(briefing: String, target: String, folder: String, createdAt: Date, attempts: Int = 0, nextTry: Date,
                lastError: String? = nil, deliveredAt: Date? = nil, abandoned: Bool = false) {
        self.briefing = briefing
        self.target = target
        self.folder = folder
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextTry = nextTry
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.abandoned = abandoned
    }

    /// Whether it still waits to be sent.
    public var isPending: Bool { deliveredAt == nil && !abandoned }

    init(row: Row) {
        briefing = row["briefing"]
        target = row["target"]
        folder = row["folder"]
        createdAt = Date(timeIntervalSince1970: row["createdAt"])
        attempts = row["attempts"]
        nextTry = Date(timeIntervalSince1970: row["nextTry"])
        lastError = row["lastError"]
        deliveredAt = (row["deliveredAt"] as Double?).map(Date.init(timeIntervalSince1970:))
        abandoned = row["abandoned"]
    }
}

extension Store {
    /// Adds deliveries to the outbox; one already there for the same briefing and target is
    /// left as it is.
    public func enqueueDeliveries(_ records: [DeliveryRecord]) throws {
        try pool.write { db in
            for record in records {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO delivery (briefing, target, folder, createdAt, attempts, nextTry, lastError, deliveredAt, abandoned)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [record.briefing, record.target, record.folder, record.createdAt.timeIntervalSince1970, record.attempts,
                                     record.nextTry.timeIntervalSince1970, record.lastError,
                                     record.deliveredAt?.timeIntervalSince1970, record.abandoned])
            }
        }
    }

    /// Saves a delivery's state after a try (inserting it when it is not in the outbox).
    public func saveDelivery(_ record: DeliveryRecord) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO delivery (briefing, target, folder, createdAt, attempts, nextTry, lastError, deliveredAt, abandoned)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (briefing, target) DO UPDATE SET folder = excluded.folder, attempts = excluded.attempts,
                    nextTry = excluded.nextTry, lastError = excluded.lastError, deliveredAt = excluded.deliveredAt, abandoned = excluded.abandoned
                """, arguments: [record.briefing, record.target, record.folder, record.createdAt.timeIntervalSince1970, record.attempts,
                                 record.nextTry.timeIntervalSince1970, record.lastError,
                                 record.deliveredAt?.timeIntervalSince1970, record.abandoned])
        }
    }

    /// The deliveries still pending, oldest briefing first.
    public func pendingDeliveries() throws -> [DeliveryRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM delivery WHERE deliveredAt IS NULL AND NOT abandoned ORDER BY createdAt, target")
                .map(DeliveryRecord.init(row:))
        }
    }

    /// Deliveries that failed and were not sent since, newest first, at most `limit`: pending
    /// ones with an error and those given up on after `since`.
    public func failedDeliveries(since: Date, limit: Int = 50) throws -> [DeliveryRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM delivery WHERE deliveredAt IS NULL AND lastError IS NOT NULL AND (NOT abandoned OR nextTry >= ?)
                ORDER BY createdAt DESC, target LIMIT ?
                """, arguments: [since.timeIntervalSince1970, limit]).map(DeliveryRecord.init(row:))
        }
    }

    /// Forgets deliveries of briefings made before `date` that are done (sent or given up).
    public func pruneDeliveries(olderThan date: Date) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM delivery WHERE createdAt < ? AND (deliveredAt IS NOT NULL OR abandoned)",
                           arguments: [date.timeIntervalSince1970])
        }
    }
}
