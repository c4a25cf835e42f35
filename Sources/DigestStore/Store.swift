import DigestModel
import Foundation
import GRDB

/// The daemon's memory, in SQLite through GRDB: feeds and their fetch state, the articles read,
/// and what each briefing contained. WAL mode, so readers never block the writer; a second
/// process waits for the lock instead of failing; schema changes are versioned migrations.
public final class Store: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool

    /// The file name inside the state folder.
    public static let fileName = "digest.sqlite"

    /// Opens (creating when missing) the database in `folder` and brings its schema up to date.
    /// A corrupt or unwritable database is reported here, before any work starts.
    public init(folder: URL) throws(StoreError) {
        let path = folder.appendingPathComponent(Self.fileName).path
        self.path = path
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(path: path, reason: "cannot create the state folder \(folder.path)")
        }
        var configuration = Configuration()
        // Another process holding the write lock (a running daemon) is waited for, not failed on.
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError(path: path, reason: Self.explain(error))
        } catch {
            throw StoreError(path: path, reason: "\(error)")
        }
    }

    private static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            "the file is not a digest database or is damaged; move it away and the next run starts a new one"
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            "cannot open it for writing; check the permissions of the file and its folder"
        default:
            error.message ?? "\(error)"
        }
    }

    /// Versioned schema changes; a migration, once released, is never edited.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE feed (
                    id TEXT PRIMARY KEY,
                    configuredURL TEXT NOT NULL,
                    url TEXT NOT NULL,
                    title TEXT,
                    etag TEXT,
                    lastModified TEXT,
                    lastAttempt DOUBLE,
                    lastSuccess DOUBLE,
                    lastError TEXT,
                    errorCount INTEGER NOT NULL DEFAULT 0,
                    nextFetch DOUBLE,
                    disabled BOOLEAN NOT NULL DEFAULT 0
                );
                CREATE TABLE article (
                    id TEXT PRIMARY KEY,
                    feedID TEXT NOT NULL,
                    sourceName TEXT NOT NULL,
                    url TEXT,
                    canonicalURL TEXT,
                    title TEXT NOT NULL,
                    published DOUBLE,
                    firstSeen DOUBLE NOT NULL,
                    paragraphs TEXT NOT NULL,
                    language TEXT,
                    contentHash TEXT NOT NULL
                );
                CREATE INDEX article_canonicalURL ON article(canonicalURL);
                CREATE INDEX article_time ON article(coalesce(published, firstSeen));
                CREATE TABLE briefing (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    createdAt DOUBLE NOT NULL,
                    name TEXT NOT NULL,
                    storyCount INTEGER NOT NULL
                );
                CREATE TABLE briefingArticle (
                    briefingID INTEGER NOT NULL REFERENCES briefing(id) ON DELETE CASCADE,
                    articleID TEXT NOT NULL,
                    PRIMARY KEY (briefingID, articleID)
                );
                """)
        }
        migrator.registerMigration("v2: page cache") { db in
            try db.execute(sql: """
                CREATE TABLE page (
                    url TEXT PRIMARY KEY,
                    fetchedAt DOUBLE NOT NULL,
                    etag TEXT,
                    lastModified TEXT,
                    paragraphs TEXT NOT NULL,
                    language TEXT,
                    error TEXT,
                    failures INTEGER NOT NULL DEFAULT 0,
                    nextTry DOUBLE
                );
                """)
        }
        migrator.registerMigration("v3: opinion marks") { db in
            try db.execute(sql: """
                ALTER TABLE page ADD COLUMN opinion BOOLEAN NOT NULL DEFAULT 0;
                ALTER TABLE article ADD COLUMN opinion BOOLEAN NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v4: delivery outbox") { db in
            try db.execute(sql: """
                CREATE TABLE delivery (
                    briefing TEXT NOT NULL,
                    target TEXT NOT NULL,
                    folder TEXT NOT NULL,
                    createdAt DOUBLE NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    nextTry DOUBLE NOT NULL,
                    lastError TEXT,
                    deliveredAt DOUBLE,
                    abandoned BOOLEAN NOT NULL DEFAULT 0,
                    PRIMARY KEY (briefing, target)
                );
                """)
        }
        return migrator
    }()

    /// Whether SQLite's own integrity check finds the database sound.
    public func integrityCheck() throws -> Bool {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok" }
    }
}
