import DigestModel
import Foundation

/// The one context every template is rendered from, and the `.json` written beside the briefing.
///
/// Field names are the template variables; `Templates/README.md` documents each. Feed text is
/// kept as plain text here: templates escape it for their format, and only http(s) links are
/// ever filled in.
public struct BriefingContext: Codable, Sendable, Equatable {
    /// The version of this layout, for scripts that read the `.json`; it grows when fields change meaning.
    public var version = 2
    /// The briefing's heading.
    public var title: String
    /// The name its files share in the output folder (`2026-11-22`, or `2026-11-22-1830` for a
    /// second briefing that day).
    public var name: String
    /// The day it covers, `YYYY-MM-DD` in the configured time zone.
    public var date: String
    /// When it was made, RFC 3339 in UTC.
    public var generatedAt: String
    /// When it was made, for people ("Sunday 22 November 2026, 07:00 CET").
    public var generatedAtText: String
    /// The day it was made, for people ("Sunday 22 November 2026").
    public var dayText: String
    /// The time of day it was made, `HH:MM` in the configured time zone.
    public var timeOfDay: String
    /// The start and end of the period covered, RFC 3339 in UTC.
    public var periodStart: String
    public var periodEnd: String
    /// The period covered, for people ("21 Nov 07:00 – 22 Nov 07:00").
    public var periodText: String
    /// Every story, in the order shown (section by section, ranked within each), numbered from 1.
    public var stories: [StoryContext]
    /// Whether there is at least one story.
    public var hasStories: Bool
    /// The stories by section, in the order shown; sections without stories are left out.
    /// Without `[[sections]]` in the config: one unnamed section holding every story (so a
    /// template can always walk `sections`). Since version 2; read from an older `.json`, it is
    /// filled in that way.
    public var sections: [SectionContext]?
    /// Whether the briefing is divided into named sections. Since version 2.
    public var hasSections: Bool?
    /// How the run went.
    public var health: HealthContext
}

/// One section of the briefing.
public struct SectionContext: Codable, Sendable, Equatable {
    /// Its heading; empty for the one unnamed section of a briefing without sections.
    public var name: String
    /// Whether it has a heading to show.
    public var named: Bool
    /// A slug of the name, for anchors (`section-world`).
    public var id: String
    /// Its stories, ranked.
    public var stories: [StoryContext]
    /// How many, and the same for people ("1 story", "4 stories").
    public var storyCount: Int
    public var storiesText: String
    /// The number of its first story, for an `<ol start>`.
    public var firstNumber: Int

    /// A section of `stories` (already numbered).
    public init(name: String, stories: [StoryContext]) {
        self.name = name
        named = !name.isEmpty
        id = Self.slug(name)
        self.stories = stories
        storyCount = stories.count
        storiesText = stories.count == 1 ? "1 story" : "\(stories.count) stories"
        firstNumber = stories.first?.number ?? 1
    }

    /// Lower-case letters and digits of `name`, other runs as one `-`; "section" when none is left.
    static func slug(_ name: String) -> String {
        var slug = ""
        for character in name.lowercased() {
            if character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        return slug.isEmpty ? "section" : slug
    }
}

/// One story in the context.
public struct StoryContext: Codable, Sendable, Equatable {
    /// Its rank, from 1.
    public var number: Int
    /// Stable id, for anchors.
    public var id: String
    /// The headline, plain text.
    public var headline: String
    /// Whether an earlier briefing told this story; the sentences are only what is new.
    public var isUpdate: Bool
    /// The newest article's time, for people; nil when no article is dated.
    public var timeText: String?
    /// The same time, RFC 3339 in UTC; nil when no article is dated.
    public var time: String?
    /// How many outlets reported it (cited or not).
    public var outletCount: Int
    /// The same, for people: "1 outlet", "3 outlets".
    public var outletsText: String
    /// The summary sentences in reading order.
    public var sentences: [SentenceContext]
    /// The articles cited, numbered from 1 within the story in the order they are first cited.
    public var sources: [SourceContext]
    /// Outlets that reported the story but are not cited (copies of a cited article, or
    /// articles that added nothing new), one per outlet; numbered after `sources`.
    public var alsoReportedBy: [SourceContext]
    /// Whether `alsoReportedBy` has anyone.
    public var hasAlsoReportedBy: Bool
}

/// One summary sentence and its citation.
public struct SentenceContext: Codable, Sendable, Equatable {
    /// The sentence, plain text.
    public var text: String
    /// The number of the source it comes from (`sources[citation - 1]`).
    public var citation: Int
    /// Whether the citation is shown after this sentence (the last of a run from one source).
    public var cite: Bool
    /// That source's http(s) link, or nil.
    public var url: String?
}

/// One cited article.
public struct SourceContext: Codable, Sendable, Equatable {
    /// Its number within the story, from 1.
    public var number: Int
    /// The outlet's name.
    public var name: String
    /// The article's own title.
    public var title: String
    /// The article's http(s) link, or nil when it has none or another scheme.
    public var url: String?
    /// Whether the article is opinion or analysis (labelled "Opinion" by the default templates).
    public var opinion: Bool
}

/// The health section.
public struct HealthContext: Codable, Sendable, Equatable {
    /// Feeds read successfully.
    public var feedsRead: Int
    /// Items read from them.
    public var itemsRead: Int
    /// Items inside the briefing's window.
    public var itemsInWindow: Int
    /// Copies folded into other articles.
    public var duplicatesFolded: Int
    /// Articles the reader's mute rules dropped (absent in briefings made before rules).
    public var muted: Int?
    /// Whether any article was muted.
    public var hasMuted: Bool?
    /// Stories in the briefing.
    public var storyCount: Int
    /// How many feeds failed.
    public var feedsFailed: Int
    /// Feeds that failed.
    public var failures: [FailureContext]
    /// Whether any feed failed.
    public var hasFailures: Bool
    /// Briefings not delivered by e-mail or webhook (absent before delivery existed).
    public var deliveryFailures: [DeliveryFailureContext]?
    /// Whether any delivery failed.
    public var hasDeliveryFailures: Bool?
}

/// A briefing that could not be delivered.
public struct DeliveryFailureContext: Codable, Sendable, Equatable {
    /// Where it was to go: "e-mail to a@example.org".
    public var target: String
    /// The briefing's name.
    public var briefing: String
    /// Tries so far, for people: "3 tries".
    public var attemptsText: String
    /// What went wrong the last time.
    public var message: String
    /// Whether it is no longer tried.
    public var givenUp: Bool
}

/// A feed that failed.
public struct FailureContext: Codable, Sendable, Equatable {
    /// The feed's name.
    public var feed: String
    /// Where it was read from.
    public var url: String
    /// What went wrong.
    public var message: String
}
