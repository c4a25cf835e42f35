import DigestModel
import Foundation

/// The context of `index.html`: every briefing of the folder, newest first.
public struct ArchiveContext: Codable, Sendable, Equatable {
    /// The newest briefing's heading.
    public var title: String
    /// The briefings, newest first.
    public var briefings: [ArchiveBriefing]
    /// Whether there is at least one.
    public var hasBriefings: Bool
    /// How many there are.
    public var count: Int

    /// The index of `entries` (newest first).
    public init(_ entries: [BriefingArchive.Entry], title: String) {
        self.title = title
        var perDay: [String: Int] = [:]
        for entry in entries { perDay[entry.context.date, default: 0] += 1 }
        briefings = entries.enumerated().map { position, entry in
            let context = entry.context
            return ArchiveBriefing(
                name: entry.name, title: context.title, date: context.date, dayText: context.dayText,
                label: perDay[context.date, default: 0] > 1 ? "\(context.dayText), \(context.timeOfDay)" : context.dayText,
                generatedAt: context.generatedAt, generatedAtText: context.generatedAtText,
                storyCount: context.stories.count,
                headlines: context.stories.prefix(ArchiveBriefing.headlineCount).map(\.headline),
                hasHeadlines: context.hasStories,
                href: entry.page,
                isLatest: position == 0
            )
        }
        hasBriefings = !briefings.isEmpty
        count = briefings.count
    }
}

/// One briefing in the index.
public struct ArchiveBriefing: Codable, Sendable, Equatable {
    /// How many headlines the index shows of each briefing.
    static let headlineCount = 3

    /// Its file name without extension.
    public var name: String
    /// Its heading.
    public var title: String
    /// `YYYY-MM-DD`.
    public var date: String
    /// "Sunday 22 November 2026".
    public var dayText: String
    /// What the index calls it: the day, with the time when the day has more than one briefing.
    public var label: String
    /// RFC 3339, UTC.
    public var generatedAt: String
    /// For people, with the time and zone.
    public var generatedAtText: String
    /// How many stories it has.
    public var storyCount: Int
    /// Its first headlines.
    public var headlines: [String]
    /// Whether it has any.
    public var hasHeadlines: Bool
    /// Its page, relative to the index (the HTML when there is one, else the Markdown).
    public var href: String
    /// Whether it is the newest.
    public var isLatest: Bool
}

/// The context of `feed.atom`: an Atom 1.0 feed with one entry per briefing.
public struct FeedContext: Codable, Sendable, Equatable {
    /// How many briefings the feed carries at most (the newest).
    public static let entryLimit = 30

    /// The feed's title (the newest briefing's heading).
    public var title: String
    /// A permanent id (an absolute IRI, as Atom requires).
    public var id: String
    /// RFC 3339: the newest briefing's time.
    public var updated: String
    /// Where the feed itself is, when the config gives the folder's public address.
    public var selfURL: String?
    /// The index page: absolute with a public address, else relative to the feed.
    public var indexURL: String
    /// The digest version that wrote it.
    public var generatorVersion: String
    /// One entry per briefing, newest first.
    public var entries: [FeedEntryContext]

    /// The feed of `entries` (newest first); `content(entry)` is the HTML of one briefing's
    /// stories. `key` keeps ids apart between different digests (the output folder's path);
    /// `baseURL` is the folder's public address, when it is served.
    public init(_ entries: [BriefingArchive.Entry], title: String, key: String, baseURL: URL?, version: String,
                content: (BriefingArchive.Entry) -> String) {
        self.title = title
        let base = baseURL.flatMap { SafeLink.http($0) }.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        id = base.map { $0 + "feed.xml" } ?? FeedContext.uuid("\(key)\n\(title)")
        updated = entries.first?.context.generatedAt ?? Date(timeIntervalSince1970: 0).ISO8601Format()
        selfURL = base.map { $0 + "feed.xml" }
        indexURL = (base ?? "") + "index.html"
        generatorVersion = version
        self.entries = entries.prefix(Self.entryLimit).map { entry in
            let context = entry.context
            let page = entry.page
            let headlines = context.stories.prefix(ArchiveBriefing.headlineCount).map(\.headline)
            return FeedEntryContext(
                id: base.map { $0 + page } ?? FeedContext.uuid("\(key)\n\(entry.name)\n\(context.generatedAt)"),
                // A later briefing of the same day (`-HHMM`) says its time.
                title: entry.name.count > 10 ? "\(context.title): \(context.dayText), \(context.timeOfDay)" : "\(context.title): \(context.dayText)",
                updated: context.generatedAt,
                link: (base ?? "") + page,
                summary: headlines.isEmpty ? "Nothing new in this period." : headlines.joined(separator: " · "),
                content: content(entry)
            )
        }
    }

    /// A name-based `urn:uuid:` (two FNV-1a hashes of `text`, with the RFC 4122 version and variant bits).
    static func uuid(_ text: String) -> String {
        let high = StableHash.fnv1a(text), low = StableHash.fnv1a("uuid\n" + text)
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return "urn:uuid:" + parts.joined(separator: "-")
    }
}

/// One briefing in the feed.
public struct FeedEntryContext: Codable, Sendable, Equatable {
    /// A permanent id.
    public var id: String
    /// "Morning Briefing: Sunday 22 November 2026".
    public var title: String
    /// RFC 3339.
    public var updated: String
    /// Its page.
    public var link: String
    /// Its first headlines, as plain text.
    public var summary: String
    /// Its stories as an HTML fragment (escaped once more by the template, as Atom's `type="html"` wants).
    public var content: String
}
