import DigestModel
import DigestText
import Foundation

/// The stories stage: furniture out, copies folded, articles grouped by event, each group
/// summarised with cited sentences, and the stories ranked.
///
/// Ranking favours what many outlets report, what is recent, what comes from feeds the reader
/// weighted up, and larger stories: score = sources' weight × (1 + ln distinct sources) ×
/// (1 + 0.25 ln articles) × 2^(−hours since the latest article / 24). Ties go to the newer
/// story, then the headline, then the id, so the same input gives the same briefing.
public struct StoryBuilder: Sendable {
    /// The most stories returned.
    public var maxStories: Int
    /// The most sentences per summary.
    public var sentencesPerStory: Int
    /// The word budget per summary; the sentence that crosses it is the last.
    public var wordsPerStory: Int
    /// Articles further apart in time are never one story.
    public var window: TimeInterval
    /// Each feed's weight (`FeedSource.weight`) by feed id; 1 when missing.
    public var weights: [String: Double]
    /// Articles a boost rule matched, by id, with the rule's factor: a story ranks as if its
    /// sources weighed that much more (the largest factor among its articles).
    public var boosts: [String: Double] = [:]
    /// The briefing's sections, when it has any: stories are ranked and capped within their
    /// section, and returned section by section (`Story.section` names it).
    public var sections: StorySections?

    /// Creates the stage.
    public init(maxStories: Int = 12, sentencesPerStory: Int = 3, wordsPerStory: Int = 90, window: TimeInterval = 48 * 3600,
                weights: [String: Double] = [:]) {
        self.maxStories = maxStories
        self.sentencesPerStory = sentencesPerStory
        self.wordsPerStory = wordsPerStory
        self.window = window
        self.weights = weights
    }

    /// What the stage made.
    public struct Result: Sendable {
        /// The ranked stories, at most `maxStories`; with sections, section by section in their
        /// order, ranked within each.
        public var stories: [Story]
        /// Articles folded into another as copies.
        public var copiesFolded: Int
    }

    /// The stories of `articles` as of `now`. A story whose articles were all in an earlier
    /// briefing (`briefed` holds their ids) is left out; one with new articles too becomes an
    /// update: only the new articles are cited, and only sentences that say something the
    /// earlier ones did not.
    public func build(_ articles: [Article], now: Date, briefed: Set<String> = []) -> Result {
        // The store gives them in this order already: then they are not copied.
        let order = { (a: Article, b: Article) in (a.published ?? .distantPast, a.id) < (b.published ?? .distantPast, b.id) }
        let input = zip(articles, articles.dropFirst()).allSatisfy({ !order($1, $0) }) ? articles : articles.sorted(by: order)
        let marked = parallelMap(input.count, minimum: 64, makeState: {}) { _, index in
            // Entities escaped twice and old wire codes ("&QL;") out of titles and text alike.
            var article = Opinion.marked(input[index])
            article.title = article.title.resolvingLiteralEntities()
            if article.paragraphs.contains(where: { $0.utf8.contains(0x26) }) {
                article.paragraphs = article.paragraphs.map { $0.resolvingLiteralEntities() }.filter { !$0.isEmpty }
            }
            return article
        }
        let cleaned = Boilerplate().clean(marked)
        let furniture = Self.furnitureTitles(marked)
        // Each article in its own language: a story groups articles of one language, and each
        // is split, stemmed and filtered by its language's rules.
        let languages = parallelMap(cleaned.count, minimum: 64, makeState: {}) { _, index in Self.language(of: cleaned[index]) }
        var byLanguage: [String: [Int]] = [:]
        for (index, language) in languages.enumerated() { byLanguage[language, default: []].append(index) }
        var copyOf = Array(cleaned.indices)
        var storyOf = Array(cleaned.indices)
        for (language, indices) in byLanguage.sorted(by: { $0.key < $1.key }) {
            let documents = indices.map { StoryGrouping.Document(title: cleaned[$0].title, paragraphs: cleaned[$0].paragraphs, published: cleaned[$0].published) }
            let groups = StoryGrouping.assign(documents, language: language, stories: StoryClusterer(window: window))
            for (position, index) in indices.enumerated() {
                copyOf[index] = indices[groups.copy[position]]
                storyOf[index] = indices[groups.story[position]]
            }
        }
        let copiesFolded = copyOf.enumerated().filter { $0.offset != $0.element }.count

        var members: [Int: [Int]] = [:]
        for (index, story) in storyOf.enumerated() { members[story, default: []].append(index) }
        // Every group is ranked first, from its articles alone; only the groups that can make
        // the briefing are summarised (on a day of 15,000 articles, some 4,500 groups for 12
        // places). A group whose update says nothing new makes no story, so groups are made in
        // rank order until the briefing is full and the next ranks lower than the last made.
        var groups: [(first: Int, new: [Int], told: [Article], score: Double, latest: Date)] = []
        for (first, indices) in members {
            let fresh = indices.filter { !briefed.contains(cleaned[$0].id) }
            guard !fresh.isEmpty else { continue }
            let told = indices.filter { briefed.contains(cleaned[$0].id) }.map { cleaned[$0] }
            // Articles that are copies of a told one bring nothing new either.
            let toldGroups = Set(indices.filter { briefed.contains(cleaned[$0].id) }.map { copyOf[$0] })
            let new = fresh.filter { !toldGroups.contains(copyOf[$0]) }
            guard !new.isEmpty else { continue }
            let articles = new.map { cleaned[$0] }
            let latest = articles.compactMap(\.published).max()
            groups.append((first, new, told, score(articles, latest: latest, now: now), latest ?? .distantPast))
        }
        groups.sort { ($0.score, $0.latest, $1.first) > ($1.score, $1.latest, $0.first) }
        // With sections, a group whose section is full is passed over (it cannot make the briefing).
        var scored: [(story: Story, score: Double, section: Int)] = []
        var perSection = [Int](repeating: 0, count: sections?.sections.count ?? 1)
        var boundary: (score: Double, latest: Date)?
        for group in groups {
            if let boundary, (group.score, group.latest) < boundary { break }
            let section = sections?.section(of: group.new.map { cleaned[$0] }) ?? 0
            if let cap = sections?.sections[section].maxStories, perSection[section] >= cap { continue }
            guard var story = makeStory(group.new.map { cleaned[$0] }, copyOf: group.new.map { copyOf[$0] }, language: languages[group.first],
                                        told: group.told, furniture: furniture) else { continue }
            story.section = sections?.sections[section].name
            scored.append((story, group.score, section))
            perSection[section] += 1
            // Groups that tie with the last place still count: the headline breaks the tie.
            if scored.count == maxStories { boundary = (group.score, group.latest) }
        }
        scored.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            let latestA = a.story.latest ?? .distantPast, latestB = b.story.latest ?? .distantPast
            if latestA != latestB { return latestA > latestB }
            if a.story.headline != b.story.headline { return a.story.headline < b.story.headline }
            return a.story.id < b.story.id
        }
        // The best `maxStories` overall; then, stably, section by section.
        let chosen = scored.prefix(maxStories).enumerated().sorted { ($0.element.section, $0.offset) < ($1.element.section, $1.offset) }
        return Result(stories: chosen.map(\.element.story), copiesFolded: copiesFolded)
    }

    /// One story from its articles (in input order) and each one's copy group.
    func makeStory(_ articles: [Article], copyOf: [Int], language: String, told: [Article] = [], furniture: Set<String> = []) -> Story? {
        let chooser = HeadlineChooser(furniture: furniture, language: language)
        let titled = chooser.titleIndex(articles)
        let headlineIndex = titled ?? Self.centralTitle(articles, language: language)
        // The headline's article first, then the others by time (input order).
        var order = [headlineIndex] + articles.indices.filter { $0 != headlineIndex }
        order = order.filter { !articles[$0].paragraphs.isEmpty || $0 == headlineIndex }
            + order.filter { articles[$0].paragraphs.isEmpty && $0 != headlineIndex }
        let ordered = order.map { articles[$0] }
        // One article speaks for each copy group in the summary: the one with the most text.
        var representative: [Int: Int] = [:]
        for (position, index) in order.enumerated() {
            let group = copyOf[index]
            if let current = representative[group] {
                if Self.length(ordered[position]) > Self.length(ordered[current]) { representative[group] = position }
            } else {
                representative[group] = position
            }
        }
        let speakers = representative.values.sorted()
        let summary = Summarizer(words: wordsPerStory, maxSentences: sentencesPerStory, splitter: SentenceSplitter(language: language))
            .summarize(speakers.map { ordered[$0].paragraphs }, language: language, known: told.map(\.paragraphs),
                       opinion: speakers.map { ordered[$0].isOpinion })
            .map { sentence in
                var cited = sentence
                cited.articleIndex = speakers[sentence.articleIndex]
                return cited
            }
        // An update with nothing new to say is not a story.
        if !told.isEmpty && summary.isEmpty { return nil }
        let headline = titled != nil ? HeadlineChooser.clean(ordered[0].title)
            : summary.first.map { HeadlineChooser.fromSentence($0.text, language: language) } ?? (ordered[0].title.isEmpty ? "Untitled" : ordered[0].title)
        let earliest = articles.min { ($0.published ?? .distantFuture, $0.id) < ($1.published ?? .distantFuture, $1.id) }!
        let first = (articles + told).min { ($0.published ?? .distantFuture, $0.id) < ($1.published ?? .distantFuture, $1.id) } ?? earliest
        return Story(id: StableHash.hex(first.id), headline: headline, articles: ordered, sentences: summary, isUpdate: !told.isEmpty)
    }

    /// The title most like the story's other titles (ties: the earlier article).
    static func centralTitle(_ articles: [Article], language: String) -> Int {
        guard articles.count > 2 else { return articles.firstIndex { !$0.title.isEmpty } ?? 0 }
        return HeadlineChooser.mostCentral(articles.map(\.title), eligible: articles.indices.filter { !articles[$0].title.isEmpty },
                                           language: language) ?? 0
    }

    /// Titles an outlet put on more than one article: its furniture, never a story's headline.
    static func furnitureTitles(_ articles: [Article]) -> Set<String> {
        var counts: [String: [String: Int]] = [:]
        for article in articles {
            // Keyed as `HeadlineChooser.isWhole` keys a title: cleaned of datelines and bullets.
            let key = Boilerplate.key(HeadlineChooser.clean(article.title))
            guard !key.isEmpty else { continue }
            counts[article.sourceID, default: [:]][key, default: 0] += 1
        }
        return Set(counts.values.flatMap { $0.filter { $0.value > 1 }.keys })
    }

    /// The rank of a story of `articles`, the latest published at `latest`.
    func score(_ articles: [Article], latest: Date?, now: Date) -> Double {
        let sources = Set(articles.map(\.sourceID))
        let weight = (sources.map { weights[$0] ?? 1 }.max() ?? 1) * (articles.compactMap { boosts[$0.id] }.max() ?? 1)
        let hours = max(0, now.timeIntervalSince(latest ?? now) / 3600)
        return weight * (1 + log(Double(sources.count))) * (1 + 0.25 * log(Double(articles.count))) * pow(2, -hours / 24)
    }

    static func length(_ article: Article) -> Int { article.paragraphs.reduce(0) { $0 + $1.count } }

    /// An article's language (ISO 639-1): the one its feed or page declares, else a guess from
    /// the stop words of its first paragraphs, else English.
    static func language(of article: Article) -> String {
        if let declared = article.language?.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first,
           declared.count == 2 || declared.count == 3, declared.allSatisfy(\.isLetter) {
            return String(declared)
        }
        // A hundred words tell the language as well as a thousand.
        let sample = Tokenizer.words(([article.title] + article.paragraphs.prefix(3)).joined(separator: " ")).prefix(100)
        return StopWords.guessLanguage(Array(sample)) ?? "en"
    }
}
