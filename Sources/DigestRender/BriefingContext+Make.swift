import DigestModel
import Foundation

extension BriefingContext {
    /// The context of `briefing`, with times shown in `timeZone`; `name` is the name its files
    /// get in the output folder (by default its date).
    public init(_ briefing: Briefing, timeZone: TimeZone, name: String? = nil) {
        let clock = DisplayClock(timeZone: timeZone)
        title = Clip.text(briefing.title, to: Clip.heading)
        date = clock.day(briefing.generatedAt)
        self.name = name ?? date
        generatedAt = briefing.generatedAt.ISO8601Format()
        generatedAtText = clock.long(briefing.generatedAt)
        dayText = clock.dayText(briefing.generatedAt)
        timeOfDay = clock.timeOfDay(briefing.generatedAt)
        periodStart = briefing.periodStart.ISO8601Format()
        periodEnd = briefing.periodEnd.ISO8601Format()
        periodText = clock.period(from: briefing.periodStart, to: briefing.periodEnd)
        stories = briefing.stories.enumerated().map { index, story in
            StoryContext(story, number: index + 1, clock: clock)
        }
        hasStories = !stories.isEmpty
        sections = Self.sections(of: stories, names: briefing.sections, sectionOf: briefing.stories.map(\.section))
        hasSections = !briefing.sections.isEmpty
        let health = briefing.health
        self.health = HealthContext(
            feedsRead: health.feedsRead,
            itemsRead: health.itemsRead,
            itemsInWindow: health.itemsInWindow,
            duplicatesFolded: health.duplicatesFolded,
            muted: health.muted,
            hasMuted: health.muted > 0,
            storyCount: briefing.stories.count,
            feedsFailed: health.failures.count,
            failures: health.failures.map {
                FailureContext(feed: Clip.text($0.feedName, to: Clip.name), url: Clip.text($0.url, to: Clip.sentence),
                               message: Clip.text($0.message, to: Clip.sentence))
            },
            hasFailures: !health.failures.isEmpty,
            deliveryFailures: health.deliveryFailures.map {
                DeliveryFailureContext(target: Clip.text($0.target, to: Clip.sentence), briefing: $0.briefing,
                                       attemptsText: $0.attempts == 1 ? "1 try" : "\($0.attempts) tries",
                                       message: Clip.text($0.message, to: Clip.sentence), givenUp: $0.givenUp)
            },
            hasDeliveryFailures: !health.deliveryFailures.isEmpty
        )
    }
}

extension BriefingContext {
    /// `stories` grouped in the sections `names` (in that order) by each one's section; without
    /// names, one unnamed section of all. Sections with no story are left out; a story whose
    /// section is not among the names joins the last.
    static func sections(of stories: [StoryContext], names: [String], sectionOf: [String?]) -> [SectionContext] {
        guard !names.isEmpty else { return [SectionContext(name: "", stories: stories)] }
        var members = [[StoryContext]](repeating: [], count: names.count)
        for (story, section) in zip(stories, sectionOf) {
            members[section.flatMap { names.firstIndex(of: $0) } ?? names.count - 1].append(story)
        }
        return zip(names, members).filter { !$0.1.isEmpty }.map { SectionContext(name: Clip.text($0.0, to: Clip.name), stories: $0.1) }
    }

    /// The context as read from a `.json` written before sections (version 1): every story in
    /// one unnamed section.
    public func withSections() -> BriefingContext {
        guard sections == nil else { return self }
        var context = self
        context.sections = [SectionContext(name: "", stories: stories)]
        context.hasSections = false
        return context
    }
}

extension StoryContext {
    init(_ story: Story, number: Int, clock: DisplayClock) {
        // Sources are numbered in the order the summary first cites them; the story's other
        // articles become "also reported by", one entry per outlet not already cited.
        var numberOf: [Int: Int] = [:]
        for sentence in story.sentences where numberOf[sentence.articleIndex] == nil && story.articles.indices.contains(sentence.articleIndex) {
            numberOf[sentence.articleIndex] = numberOf.count + 1
        }
        func source(_ index: Int, number: Int) -> SourceContext {
            let article = story.articles[index]
            return SourceContext(number: number, name: Clip.text(article.sourceName, to: Clip.name),
                                 title: Clip.text(article.title, to: Clip.heading), url: SafeLink.http(article.url),
                                 opinion: article.isOpinion)
        }
        let cited = numberOf.sorted { $0.value < $1.value }.map { source($0.key, number: $0.value) }
        var outlets = Set(cited.map(\.name))
        var others: [SourceContext] = []
        for index in story.articles.indices where numberOf[index] == nil {
            let candidate = source(index, number: cited.count + others.count + 1)
            if outlets.insert(candidate.name).inserted { others.append(candidate) }
        }
        self.number = number
        id = story.id
        headline = Clip.text(story.headline, to: Clip.heading)
        isUpdate = story.isUpdate
        timeText = story.latest.map(clock.short)
        time = story.latest.map { $0.ISO8601Format() }
        outletCount = Set(story.articles.map(\.sourceName)).count
        outletsText = outletCount == 1 ? "1 outlet" : "\(outletCount) outlets"
        sentences = story.sentences.enumerated().compactMap { position, sentence in
            guard let citation = numberOf[sentence.articleIndex] else { return nil }
            // A run of sentences from one source is cited once, after its last sentence.
            let next = position + 1 < story.sentences.count ? story.sentences[position + 1].articleIndex : nil
            return SentenceContext(text: Clip.text(sentence.text, to: Clip.sentence), citation: citation,
                                   cite: next != sentence.articleIndex, url: cited[citation - 1].url)
        }
        sources = cited
        alsoReportedBy = others
        hasAlsoReportedBy = !others.isEmpty
    }
}

/// Feed text made safe for any layout: control characters out, whitespace runs folded to one
/// space, and text over a limit cut at a word boundary with "…". A 10,000-character headline
/// must not push a briefing apart.
enum Clip {
    /// Limits in characters.
    static let name = 80
    static let heading = 240
    static let sentence = 800

    static func text(_ text: String, to limit: Int) -> String {
        var result = ""
        var pendingSpace = false
        var count = 0
        for character in text {
            // Control characters and U+FFFE/U+FFFF are not allowed in XML (the feed) at all.
            if character.isWhitespace || character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.value == 0xFFFE || $0.value == 0xFFFF }) {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                count += 1
                pendingSpace = false
            }
            result.append(character)
            count += 1
            if count > limit { break }
        }
        guard count > limit else { return result }
        // Cut back to the last space in the final fifth, else mid-word.
        var cut = String(result.prefix(limit - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit * 4 / 5 {
            cut = String(cut[..<space])
        }
        while let last = cut.last, last == " " || last == "," || last == ";" || last == ":" { cut.removeLast() }
        return cut + "…"
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
    func dayText(_ date: Date) -> String { formatter("EEEE d MMMM yyyy").string(from: date) }
    func timeOfDay(_ date: Date) -> String { formatter("HH:mm").string(from: date) }

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
