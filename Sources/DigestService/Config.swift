import DigestFetch
import DigestModel
import DigestStories
import Foundation

/// Everything the config file says, with defaults filled in and relative paths resolved
/// against the config file's folder.
public struct Config: Sendable, Equatable {
    /// The file it was read from.
    public var file: URL
    /// The briefing's heading.
    public var title = "Daily Briefing"
    /// Where briefings are written.
    public var output: URL
    /// Where the state database and lock live.
    public var state: URL
    /// The zone of the schedule and of the dates shown.
    public var timeZone: TimeZone
    /// How long read articles are kept, in seconds.
    public var retention: TimeInterval = 30 * 86_400
    /// Where the daemon writes its Prometheus text-format figures after each run; nil: nowhere.
    public var metricsFile: URL?
    /// When briefings and fetch rounds happen.
    public var schedule = Schedule()
    /// What a briefing holds.
    public var briefing = BriefingOptions()
    /// Limits for fetching.
    public var fetch = FetchOptions()
    /// The subscriptions: the config's `[[feeds]]`, then those of the OPML file.
    public var feeds: [FeedSource] = []
    /// The subscriptions by id (the first of a repeated id).
    public var feedsByID: [String: FeedSource] {
        Dictionary(feeds.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
    /// The reader's mute and boost rules, in the order written.
    public var rules: [Rule] = []
    /// The briefing's sections, in the order written; empty: one list of stories.
    public var sections: [Section] = []
    /// Where briefings are sent besides the output folder.
    public var delivery = DeliveryOptions()
    /// The OPML file of subscriptions that `digest feeds add/remove/import` edit
    /// (`feeds_file`, default `feeds.opml` beside the config); it need not exist.
    public var feedsFile: URL
    /// The feeds that come from the OPML file, a subset of `feeds`.
    public var opmlFeeds: [FeedSource] = []

    /// Defaults for a config file at `file`.
    public init(file: URL) {
        self.file = file
        let folder = file.deletingLastPathComponent()
        output = folder.appendingPathComponent("briefings")
        state = folder.appendingPathComponent("state")
        feedsFile = folder.appendingPathComponent("feeds.opml")
        timeZone = TimeZone(identifier: "UTC")!
    }

    /// A `[[sections]]` entry: the stories of feeds with one of `tags` (an OPML folder is a tag).
    public struct Section: Sendable, Equatable {
        /// Its heading.
        public var name: String
        /// Feeds with any of these tags (compared without case) belong to it, unless an earlier
        /// section took them.
        public var tags: [String]
        /// The most stories it shows; nil: only `[briefing] max_stories`.
        public var maxStories: Int?

        /// Creates a section.
        public init(name: String, tags: [String], maxStories: Int? = nil) {
            self.name = name
            self.tags = tags
            self.maxStories = maxStories
        }
    }

    /// How the sections divide the feeds, for the stories stage; nil without sections. Feeds
    /// in no section go to a last section named `[briefing] more_section`.
    public var storySections: StorySections? {
        guard !sections.isEmpty else { return nil }
        var sectionOfFeed: [String: Int] = [:]
        let tagSets = sections.map { Set($0.tags.map { $0.lowercased() }) }
        for feed in feeds where sectionOfFeed[feed.id] == nil {
            let tags = feed.tags.map { $0.lowercased() }
            if let index = tagSets.firstIndex(where: { set in tags.contains(where: set.contains) }) { sectionOfFeed[feed.id] = index }
        }
        let more = StorySections.Section(name: briefing.moreSection)
        return StorySections(sections: sections.map { StorySections.Section(name: $0.name, maxStories: $0.maxStories) } + [more],
                             sectionOfFeed: sectionOfFeed)
    }

    /// `[schedule]`.
    public struct Schedule: Sendable, Equatable {
        /// Daily briefing times, "HH:MM" in the config's time zone.
        public var briefings: [String] = ["07:00"]
        /// Seconds between fetch rounds.
        public var fetchEvery: TimeInterval = 30 * 60
    }

    /// `[briefing]`.
    public struct BriefingOptions: Sendable, Equatable {
        /// How far back a briefing looks, in seconds.
        public var window: TimeInterval = 24 * 3600
        /// The most stories in one briefing.
        public var maxStories = 12
        /// The most sentences in one story's summary.
        public var sentencesPerStory = 3
        /// The most words in one story's summary (the sentence that crosses it is the last).
        public var wordsPerStory = 90
        /// Articles further apart than this are never one story (two rounds of talks weeks
        /// apart stay two stories).
        public var storyWindow: TimeInterval = 48 * 3600
        /// Whether stories an earlier briefing told are left out (and ones with news become updates).
        public var skipBriefed = true
        /// Which files are written besides the `.json` (always written: the index, the feed,
        /// `digest list` and `digest show` read it).
        public var formats: [OutputFormat] = [.markdown, .html]
        /// How many briefings the output folder keeps (the newest); nil keeps all.
        public var keep: Int?
        /// The output folder's public address, when a web server serves it; the feed's links
        /// become absolute.
        public var baseURL: URL?
        /// A folder whose templates replace the defaults file by file.
        public var templates: URL?
        /// The heading of the last section, which holds the stories of feeds in no `[[sections]]`.
        public var moreSection = "More"

    }

    /// `[fetch]`.
    public struct FetchOptions: Sendable, Equatable {
        /// The deadline of one fetch, in seconds.
        public var timeout: TimeInterval = 30
        /// The largest body accepted.
        public var maxBytes = 10 << 20
        /// How many fetches run at once.
        public var concurrency = 8
        /// The `User-Agent` sent with every request.
        public var userAgent = HTTPFetchOptions.defaultUserAgent
        /// Whether links in feeds served from public addresses may lead to private ones
        /// (loopback, LAN, link-local). Off: a stranger's feed reaches nothing internal.
        public var allowPrivatePages = false
        /// The deadline of a whole fetch round.
        public var roundDeadline: TimeInterval = 20 * 60
    }
}

/// A file format a briefing is written in.
public enum OutputFormat: String, Sendable, Equatable, CaseIterable {
    case markdown = "md"
    case html

    /// The template that renders it.
    var template: String { "briefing.\(rawValue)" }
}
