import DigestModel
import Foundation

extension BriefingContext {
    /// The context of `briefing`, with times shown in `timeZone`.
    public init(_ briefing: Briefing, timeZone: TimeZone) {
        let clock = DisplayClock(timeZone: timeZone)
        title = briefing.title
        date = clock.day(briefing.generatedAt)
        generatedAt = briefing.generatedAt.ISO8601Format()
        generatedAtText = clock.long(briefing.generatedAt)
        periodText = clock.period(from: briefing.periodStart, to: briefing.periodEnd)
        stories = briefing.stories.enumerated().map { index, story in
            let sources = story.articles.enumerated().map { number, article in
                SourceContext(number: number + 1, name: article.sourceName, title: article.title, url: SafeLink.http(article.url))
            }
            return StoryContext(
                number: index + 1,
                id: story.id,
                headline: story.headline,
                isUpdate: story.isUpdate,
                timeText: story.latest.map(clock.short),
                sentences: story.sentences.enumerated().map { position, sentence in
                    // A run of sentences from one source is cited once, after its last sentence.
                    let next = position + 1 < story.sentences.count ? story.sentences[position + 1].articleIndex : nil
                    return SentenceContext(text: sentence.text, citation: sentence.articleIndex + 1,
                                           cite: next != sentence.articleIndex, url: sources[sentence.articleIndex].url)
                },
                sources: sources
            )
        }
        hasStories = !stories.isEmpty
        let health = briefing.health
        self.health = HealthContext(
            feedsRead: health.feedsRead,
            itemsRead: health.itemsRead,
            itemsInWindow: health.itemsInWindow,
            duplicatesFolded: health.duplicatesFolded,
            storyCount: briefing.stories.count,
            failures: health.failures.map { FailureContext(feed: $0.feedName, url: $0.url, message: $0.message) },
            hasFailures: !health.failures.isEmpty
        )
    }
}

/// Formats instants in one time zone, in English, independent of the machine's locale.
struct DisplayClock {
    let timeZone: TimeZone

    private func formatter(_ pattern: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter
    }

    func day(_ date: Date) -> String { formatter("yyyy-MM-dd").string(from: date) }
    func long(_ date: Date) -> String { formatter("EEEE d MMMM yyyy, HH:mm zzz").string(from: date) }
    func short(_ date: Date) -> String { formatter("d MMM HH:mm").string(from: date) }

    /// "21 Nov 07:00 – 22 Nov 07:00"; years are shown when the two ends are in different years.
    func period(from start: Date, to end: Date) -> String {
        let year = formatter("yyyy")
        guard year.string(from: start) == year.string(from: end) else {
            let pattern = formatter("d MMM yyyy HH:mm")
            return "\(pattern.string(from: start)) – \(pattern.string(from: end))"
        }
        return "\(short(start)) – \(short(end))"
    }
}

/// The only links a briefing ever carries.
public enum SafeLink {
    /// The URL's text when its scheme is http or https and it has a host, else nil. Characters
    /// that would end a Markdown link or an HTML attribute early are percent-encoded.
    public static func http(_ url: URL?) -> String? {
        guard let url, let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else { return nil }
        var text = ""
        for character in url.absoluteString {
            switch character {
            case " ": text += "%20"
            case "(": text += "%28"
            case ")": text += "%29"
            case "<": text += "%3C"
            case ">": text += "%3E"
            case "\"": text += "%22"
            case "'": text += "%27"
            default: text.append(character)
            }
        }
        return text
    }
}
