import DigestModel
import DigestText
@testable import DigestStories
import Foundation
import Testing

/// Invented articles: a wire story on a strike (two outlets, one reworded), a storm, a derby.
enum Corpus {
    static let now = Date(timeIntervalSince1970: 1_795_327_200)

    static let strike = [
        "Train drivers on the Auen regional network will strike for 24 hours from 03:00 on Tuesday, their union announced on Saturday.",
        "The union wants a 7 percent pay rise and shorter night shifts for drivers and conductors.",
        "Auenbahn, the operator, called the walkout disproportionate and said it remained open to talks with the union.",
        "Replacement buses will run every hour between Lindenfeld and Marrow Bridge while the trains stand still.",
    ]
    static let strikeReworded = [
        "Train drivers on the Auen regional network will walk out for 24 hours from 03:00 on Tuesday, their union said on Saturday.",
        "The union is asking for a 7 percent pay rise and shorter night shifts for drivers and conductors.",
        "Auenbahn, the operator, called the walkout disproportionate and said it was still open to talks with the union.",
        "Replacement buses will run every hour between Lindenfeld and Marrow Bridge while the trains stand still.",
    ]
    static let strikeFollowUp = [
        "Commuters in Lindenfeld prepared on Monday for the rail strike called by the drivers' union for Tuesday.",
        "Employers said the strike on the Auen network would cost the region's businesses millions.",
        "Schools in Marrow Bridge said pupils who miss lessons because of the strike will not be marked absent.",
    ]
    static let storm = [
        "The regional weather service issued an amber warning for gusts of up to 100 km/h on the ridges above the valley on Sunday night.",
        "Up to 40 mm of rain is expected in twelve hours, and the fire service asked residents to secure scaffolding.",
        "The forest roads between Hollin and Upper Auen will be closed as a precaution.",
    ]
    static let derby = [
        "A late header by Tomas Reyes gave FC Lindenfeld a 2-1 win over Auen United in front of 6,400 fans on Saturday.",
        "The visitors had led since the 20th minute after a penalty by their captain.",
        "Lindenfeld move up to third place in the regional league.",
    ]

    static func article(_ id: String, source: String, title: String, _ paragraphs: [String], hoursAgo: Double) -> Article {
        Article(id: id, sourceID: source, sourceName: source.capitalized, url: URL(string: "https://\(source).example/\(id)"), title: title,
                published: now.addingTimeInterval(-hoursAgo * 3600), paragraphs: paragraphs, language: "en")
    }

    static var articles: [Article] {
        [
            article("courier-strike", source: "courier", title: "Rail strike set for Tuesday", strike, hoursAgo: 5),
            article("gazette-strike", source: "gazette", title: "Auen train drivers to walk out on Tuesday", strikeReworded, hoursAgo: 4),
            article("herald-strike", source: "herald", title: "Commuters brace for Tuesday's rail strike", strikeFollowUp, hoursAgo: 2),
            article("gazette-storm", source: "gazette", title: "Storm warning for Sunday night", storm, hoursAgo: 3),
            article("sport-derby", source: "sport", title: "FC Lindenfeld win the derby", derby, hoursAgo: 8),
        ]
    }
}

@Suite struct CopyDetectorTests {
    @Test("a reworded copy of one article is a copy; a different report of the same event is not")
    func copies() {
        let texts = [Corpus.strike, Corpus.strikeReworded, Corpus.strikeFollowUp, Corpus.storm].map { $0.joined(separator: "\n") }
        #expect(CopyDetector().groups(texts) == [0, 0, 2, 3])
    }

    @Test("a shortened copy (the first paragraphs of a wire story) is still a copy")
    func shortened() {
        let long = (Corpus.strike + Corpus.strikeFollowUp + Corpus.storm).joined(separator: "\n")
        let short = Corpus.strike.prefix(3).joined(separator: "\n")
        #expect(CopyDetector().groups([long, short]) == [0, 0])
    }

    @Test("empty texts are never copies of each other")
    func empty() {
        #expect(CopyDetector().groups(["", "", "…"]) == [0, 1, 2])
    }

    @Test("shingles read ASCII and other text alike: case, punctuation and spacing do not count")
    func normalized() {
        #expect(CopyDetector.normalized("Strike -- at 03:00,  SAYS Union!") == Array("strike at 03 00 says union".utf8))
        #expect(CopyDetector.normalized("Grève à 03:00, dit l'Union") == Array("grève à 03 00 dit l union".utf8))
        // "abc a", "bc ab", "c abc", " abc ", then the first three again: four shingles, each once, in order.
        let shingles = CopyDetector.exactShingles("ABC abc, ABC")
        #expect(shingles == CopyDetector.exactShingles("abc abc abc") && shingles.count == 4 && shingles == shingles.sorted())
        #expect(CopyDetector.sortedDistinct([5, 1, 5, 3, 1] as [UInt32]) == [1, 3, 5])
        var generator = SystemRandomNumberGenerator()
        let hashes = (0..<5_000).map { _ in UInt32.random(in: 0...UInt32.max, using: &generator) } + [0, UInt32.max, 0x0100_0000, 0xFF]
        #expect(CopyDetector.radixSorted(hashes) == hashes.sorted())
    }

    @Test("the opening words of a long text are read from its start, the same as from the whole text")
    func opening() {
        let long = (Corpus.strike + Corpus.strikeFollowUp + Corpus.storm + Corpus.derby).joined(separator: "\n")
        let opening = Tokenizer.words(long).prefix(CopyDetector.openingWords).joined(separator: " ")
        #expect(CopyDetector.openingKey(long) == CopyDetector.fnv(ArraySlice(opening.utf8)))
        #expect(CopyDetector.openingKey("Too short to have an opening.") == nil)
    }
}

@Suite struct StoryClustererTests {
    static func item(_ title: String, _ paragraphs: [String], hoursAgo: Double = 0) -> StoryClusterer.Item {
        .init(title: title, lead: paragraphs.joined(separator: " "), published: Corpus.now.addingTimeInterval(-hoursAgo * 3600))
    }

    @Test("reports of one event form one story; other events stay apart")
    func events() {
        let items = [
            Self.item("Rail strike set for Tuesday", Corpus.strike), Self.item("Storm warning for Sunday night", Corpus.storm),
            Self.item("Commuters brace for Tuesday's rail strike", Corpus.strikeFollowUp), Self.item("FC Lindenfeld win the derby", Corpus.derby),
        ]
        #expect(StoryClusterer().clusters(items, language: "en") == [0, 1, 0, 3])
    }

    @Test("the pair table finds every kept pair both ways, in any input order, and drops pairs below the floor")
    func pairTable() {
        // Article 0's pairs out of order: with 3 (0.2) and with 1 (0.01, below the floor).
        let rows: [[StoryClusterer.Pair]] = [[.init(other: 3, similarity: 0.2), .init(other: 1, similarity: 0.01)], [], [.init(other: 3, similarity: 0.5)], []]
        let table = PairTable(count: 4, rows: rows, minimum: 0.03)
        #expect(table.contains(3, 2) && table.contains(2, 3) && table.contains(0, 3) && table.contains(3, 0))
        #expect(!table.contains(0, 1) && !table.contains(1, 0) && !table.contains(1, 2))
        #expect(table.neighbours(3).map(\.id) == [0, 2] && table.neighbours(3).map(\.similarity) == [0.2, 0.5])
        #expect(table.neighbours(0).map(\.id) == [3] && table.neighbours(1).isEmpty)
    }

    @Test("the merge heap pops best first, also after its stale entries are removed")
    func heap() {
        var heap = MaxHeap()
        for (value, a) in [(0.3, 1), (0.9, 2), (0.1, 3), (0.5, 4), (0.7, 5), (0.2, 6)] {
            heap.push(.init(value: value, a: a, b: 10, versionA: 0, versionB: 0))
        }
        heap.removeAll { $0.a % 2 == 0 }
        var popped: [Int] = []
        while let entry = heap.pop() { popped.append(entry.a) }
        #expect(popped == [5, 1, 3])
    }

    @Test("a story's summed vector gives each article's summed similarities to its members in one product")
    func summedVector() {
        let a = SparseVector(ids: [1, 4], weights: [0.6, 0.8]), b = SparseVector(ids: [2, 4], weights: [0.8, 0.6])
        let sum = SparseVector.sum([a, b])
        #expect(sum.ids == [1, 2, 4])
        let article = SparseVector(ids: [1, 2, 3], weights: [0.5, 0.5, 0.7])
        #expect(abs(article.dot(sum) - (article.dot(a) + article.dot(b))) < 1e-12)
        // Spread over a dense array, the same product to the last bit.
        var dense = [Double](repeating: 0, count: 5)
        for (id, weight) in zip(article.ids, article.weights) { dense[Int(id)] = weight }
        #expect(a.dot(dense: dense) == article.dot(a) && sum.dot(dense: dense) == article.dot(sum))
    }

    @Test("the same words weeks apart are two stories")
    func window() {
        let items = [Self.item("Rail strike set for Tuesday", Corpus.strike), Self.item("Rail strike set for Tuesday", Corpus.strikeReworded, hoursAgo: 24 * 21)]
        #expect(StoryClusterer().clusters(items, language: "en") == [0, 1])
        #expect(StoryClusterer(window: 30 * 86_400).clusters(items, language: "en") == [0, 0])
    }
}

@Suite struct SummarizerTests {
    @Test("the summary keeps to the word budget, cites its articles, and never repeats a sentence's content")
    func budget() {
        let summary = Summarizer(words: 45, maxSentences: 5).summarize([Corpus.strike, Corpus.strikeReworded, Corpus.strikeFollowUp])
        #expect(!summary.isEmpty)
        let words = summary.reduce(0) { $0 + $1.text.split(separator: " ").count }
        #expect(words - (summary.last?.text.split(separator: " ").count ?? 0) < 45)
        // Copy and original say the same; the summary holds only one of each pair.
        let lead = summary.filter { $0.text.hasPrefix("Train drivers on the Auen regional network") }
        #expect(lead.count == 1)
        for sentence in summary {
            let source = [Corpus.strike, Corpus.strikeReworded, Corpus.strikeFollowUp][sentence.articleIndex]
            #expect(source[sentence.paragraph].contains(sentence.text))
        }
    }

    @Test("the empty story has no summary, and a one-sentence story is that sentence")
    func edges() {
        #expect(Summarizer().summarize([]).isEmpty)
        #expect(Summarizer().summarize([[]]).isEmpty)
        #expect(Summarizer().summarize([["The pool reopens on Monday."]]).map(\.text) == ["The pool reopens on Monday."])
    }

    @Test("headings and captions are not sentences; a wire dateline is taken off")
    func headings() {
        let article = ["Last news in Lindenfeld", "LINDENFELD, Nov. 21 (AP) — The city council passed the new budget on Saturday.", "Photo: archive",
                       "It had debated the budget for six long hours."]
        let texts = Summarizer().summarize([article]).map(\.text)
        // "It had debated…" leans on the sentence before it, a caption: it is not chosen.
        #expect(texts == ["The city council passed the new budget on Saturday."])
    }
}

@Suite struct BoilerplateTests {
    @Test("a paragraph repeated in one article goes wherever it stands, with a glued date prefix and the title's echo")
    func withinArticle() {
        let disclaimer = "The views expressed in this column are the author's own and not those of this site."
        let article = Corpus.article("op", source: "views", title: "Talks will fail",
                                     [disclaimer, "date 2026-11-20 The talks begin on Monday in Geneva.", "Talks will fail - 1", "Both sides sent delegations.", disclaimer],
                                     hoursAgo: 1)
        #expect(Boilerplate().clean([article])[0].paragraphs == ["The talks begin on Monday in Geneva.", "Both sides sent delegations."])
    }

    @Test("a line that recurs across a source's articles is its furniture")
    func acrossArticles() {
        let articles = (0..<3).map { index in
            Corpus.article("a\(index)", source: "fakti", title: "Story \(index)", ["Last news in Fakti", "Report number \(index) says something new."], hoursAgo: 1)
        }
        #expect(Boilerplate().clean(articles).map(\.paragraphs) == (0..<3).map { ["Report number \($0) says something new."] })
    }
}

@Suite struct StoryBuilderTests {
    @Test("three outlets on one strike make one story citing all three; the storm and the derby are their own")
    func build() {
        let result = StoryBuilder().build(Corpus.articles, now: Corpus.now)
        #expect(result.stories.count == 3)
        let strike = result.stories[0]
        #expect(Set(strike.articles.map(\.sourceID)) == ["courier", "gazette", "herald"])
        #expect(strike.sentences.allSatisfy { $0.articleIndex < strike.articles.count })
        #expect(Set(result.stories.dropFirst().map(\.headline)) == ["Storm warning for Sunday night", "FC Lindenfeld win the derby"])
        #expect(result.copiesFolded == 1)
    }

    @Test("the same articles in another order give the same stories")
    func deterministic() {
        let a = StoryBuilder().build(Corpus.articles, now: Corpus.now).stories
        let b = StoryBuilder().build(Corpus.articles.reversed(), now: Corpus.now).stories
        #expect(a == b)
    }

    @Test("max_stories caps the briefing; a weighted feed's story ranks higher")
    func ranking() {
        #expect(StoryBuilder(maxStories: 2).build(Corpus.articles, now: Corpus.now).stories.count == 2)
        let weighted = StoryBuilder(weights: ["sport": 10]).build(Corpus.articles, now: Corpus.now).stories
        #expect(weighted.first?.headline == "FC Lindenfeld win the derby")
    }

    @Test("a boosted article's story ranks first; without the boost it does not")
    func boosted() throws {
        let plain = StoryBuilder().build(Corpus.articles, now: Corpus.now).stories
        let derby = try #require(Corpus.articles.first { $0.title == "FC Lindenfeld win the derby" })
        #expect(plain.first?.headline != derby.title)
        var builder = StoryBuilder()
        builder.boosts = [derby.id: 10]
        #expect(builder.build(Corpus.articles, now: Corpus.now).stories.first?.headline == derby.title)
    }

    @Test("with sections, stories come section by section, ranked within each; a section's cap and the overall cap both hold")
    func sections() {
        // Sport first, then News (the strike's three outlets, the storm's one), then the rest.
        let plan = StorySections(sections: [.init(name: "Sport"), .init(name: "News", maxStories: 1), .init(name: "More")],
                                 sectionOfFeed: ["sport": 0, "courier": 1, "herald": 1, "gazette": 2])
        var builder = StoryBuilder()
        builder.sections = plan
        let stories = builder.build(Corpus.articles, now: Corpus.now).stories
        // The strike: two of its three articles are News, so it is News; the storm (Gazette) is More.
        #expect(stories.map(\.section) == ["Sport", "News", "More"])
        #expect(stories.map(\.headline) == ["FC Lindenfeld win the derby", stories[1].headline, "Storm warning for Sunday night"])
        #expect(Set(stories[1].articles.map(\.sourceID)) == ["courier", "gazette", "herald"])

        // The overall cap keeps the best two of all (the strike, then the newer storm), shown by section.
        builder.maxStories = 2
        #expect(builder.build(Corpus.articles, now: Corpus.now).stories.map(\.section) == ["News", "More"])
        // A section's cap: with the derby's feed in More too and More capped at one, the derby
        // (older than the storm) is left out.
        builder.maxStories = 12
        builder.sections = StorySections(sections: [.init(name: "News"), .init(name: "More", maxStories: 1)],
                                         sectionOfFeed: ["courier": 0, "herald": 0])
        #expect(builder.build(Corpus.articles, now: Corpus.now).stories.map(\.headline).suffix(1) == ["Storm warning for Sunday night"])
        #expect(builder.build(Corpus.articles, now: Corpus.now).stories.count == 2)
    }

    @Test("a story's section is where most of its articles come from; a tie goes to the section written first")
    func sectionOfStory() {
        let plan = StorySections(sections: [.init(name: "A"), .init(name: "B"), .init(name: "More")], sectionOfFeed: ["a": 0, "b": 1, "x": 7])
        func articles(_ sources: String...) -> [Article] {
            sources.enumerated().map { Corpus.article("\($0.offset)", source: $0.element, title: "t", [], hoursAgo: 1) }
        }
        #expect(plan.section(of: articles("b", "b", "a")) == 1)
        #expect(plan.section(of: articles("b", "a")) == 0)
        #expect(plan.section(of: articles("z", "z", "b")) == 2, "feeds in no section count for the last")
        #expect(plan.section(of: articles("x")) == 2, "an index outside the plan is ignored")
        #expect(plan.section(of: []) == 0)
    }
}

/// Copies fold before ranking (issue 14): a thousand identical articles cost what one does
/// and give the same summary.
@Suite struct FoldingTests {
    static let article = [
        "The harbour council approved a new budget for the docks on Friday after a long debate.",
        "Councillors voted eleven to four for the plan, which repairs the north quay and dredges the channel.",
        "The mayor said the repairs would start in the spring and take about two years to finish.",
        "Fishermen welcomed the vote but asked for lower mooring fees while the work goes on.",
    ]

    @Test("1,000 identical articles summarise as one does")
    func identical() {
        let summarizer = Summarizer(words: 60, maxSentences: 3)
        let one = summarizer.summarize([Self.article]).map(\.text)
        let many = summarizer.summarize(Array(repeating: Self.article, count: 1000)).map(\.text)
        #expect(!one.isEmpty)
        #expect(many == one)
    }
}

/// When the sentence cap binds before the word budget, a sentence that fills its share of the
/// budget beats an equally central one that leaves words unused.
@Suite struct SentenceShareTests {
    func candidate(_ words: Int, id: Int32) -> SentenceCandidate {
        SentenceCandidate(text: Array(repeating: "word", count: words).joined(separator: " ") + ".", articleIndex: Int(id), paragraph: 0,
                          sentence: 0, position: 0, wordCount: words, vector: SparseVector(ids: [id], weights: [1]))
    }

    @Test("five sentences for 100 words: a 20-word sentence before an 8-word one of equal score")
    func fillsShare() {
        let short = candidate(8, id: 1), long = candidate(20, id: 2)
        let capped = Summarizer(words: 100, maxSentences: 5).select([short, long], scores: [0.5, 0.5])
        #expect(capped.first == 1)
        // With the budget shared at 8 words a sentence, both fill their share: the order is the scores'.
        let uncapped = Summarizer(words: 96, maxSentences: 12).select([short, long], scores: [0.5001, 0.5])
        #expect(uncapped.first == 0)
    }
}
