import Foundation

/// One briefing: what happened in a period, as ranked stories, and how the run went.
public struct Briefing: Sendable, Equatable, Codable {
    /// The heading, from the config.
    public var title: String
    /// The start of the period covered.
    public var periodStart: Date
    /// The end of the period covered (the time it was made).
    public var periodEnd: Date
    /// When it was generated.
    public var generatedAt: Date
    /// Ranked stories, most important first.
    public var stories: [Story]
    /// The names of the sections stories are grouped in, in the order shown (`Story.section`
    /// names one); empty when the config has no sections, and stories form one list.
    public var sections: [String] = []
    /// Counts and failures of the run that made it.
    public var health: Health

    /// Creates a briefing.
    public init(title: String, periodStart: Date, periodEnd: Date, generatedAt: Date, stories: [Story], health: Health) {
        self.title = title
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.generatedAt = generatedAt
        self.stories = stories
        self.health = health
    }
}

/// How the run that made a briefing went.
public struct Health: Sendable, Equatable, Codable {
    /// Feeds that could not be read, and why.
    public var failures: [FeedFailure]
    /// Feeds read successfully.
    public var feedsRead: Int
    /// Entries read from those feeds.
    public var itemsRead: Int
    /// Entries that fell inside the briefing's window.
    public var itemsInWindow: Int
    /// Copies folded into another article.
    public var duplicatesFolded: Int
    /// Articles a mute rule dropped.
    public var muted = 0
    /// Briefings that could not be sent where `[delivery]` says, and why.
    public var deliveryFailures: [DeliveryFailure] = []

    /// Creates a health record.
    public init(failures: [FeedFailure] = [], feedsRead: Int = 0, itemsRead: Int = 0, itemsInWindow: Int = 0, duplicatesFolded: Int = 0) {
        self.failures = failures
        self.feedsRead = feedsRead
        self.itemsRead = itemsRead
        self.itemsInWindow = itemsInWindow
        self.duplicatesFolded = duplicatesFolded
    }
}

/// A feed that failed in a run.
public struct FeedFailure: Error, Sendable, Equatable, Codable {
    /// The feed's id.
    public var feedID: String
    /// The feed's name, or its id when it has none.
    public var feedName: String
    /// Where it was read from.
    public var url: String
    /// What went wrong, for the operator.
    public var message: String

    /// Creates a failure.
    public init(feedID: String, feedName: String, url: String, message: String) {
        self.feedID = feedID
        self.feedName = feedName
        self.url = url
        self.message = message
    }
}

/// A briefing that could not be delivered (by e-mail or webhook).
public struct DeliveryFailure: Sendable, Equatable, Codable {
    /// Where it was to go: "e-mail to a@example.org", "webhook https://…".
    public var target: String
    /// The briefing's name.
    public var briefing: String
    /// Tries so far.
    public var attempts: Int
    /// Why the last try failed.
    public var message: String
    /// Whether it is no longer tried.
    public var givenUp: Bool

    /// Creates a failure.
    public init(target: String, briefing: String, attempts: Int, message: String, givenUp: Bool) {
        self.target = target
        self.briefing = briefing
        self.attempts = attempts
        self.message = message
        self.givenUp = givenUp
    }
}
