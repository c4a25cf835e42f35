import DigestModel
@testable import DigestStories
import Foundation
import Testing

/// Events that share a subject but not who, where and when stay apart; one event told in other
/// words stays together; each language is grouped and summarised on its own.
@Suite struct GroupingTests {
    static func article(_ id: String, _ title: String, _ paragraphs: [String], hoursAgo: Double = 2, language: String? = "en") -> Article {
        Article(id: id, sourceID: id, sourceName: id, url: URL(string: "https://\(id).example/a"), title: title,
                published: Corpus.now.addingTimeInterval(-hoursAgo * 3600), paragraphs: paragraphs, language: language)
    }

    static let crashNorth = [
        "A Halden Air turboprop crashed on approach to Varnes airport in the northern fjords on Monday, killing all 19 people on board.",
        "The plane, flying from Tromel, came down in fog two kilometres short of the runway, the Varnes police chief Eirik Moen said.",
        "Investigators from the national accident board arrived in Varnes on Monday evening to recover the flight recorders.",
    ]
    static let crashNorthRetold = [
        "Nineteen people died when a Halden Air propeller plane came down in thick fog near Varnes airport on Monday.",
        "Police chief Eirik Moen said the aircraft from Tromel hit a hillside two kilometres before the Varnes runway.",
        "Accident investigators reached Varnes late on Monday and began searching for the two flight recorders.",
    ]
    static let crashSouth = [
        "A cargo jet of Sunvale Freight crashed after take-off from Port Amadi in the south on Monday, killing its three crew.",
        "The Boeing freighter, bound for Casrey with medical supplies, lost an engine seconds after leaving Port Amadi, the airline said.",
        "The transport minister Grace Okafor ordered all Sunvale Freight jets grounded while inspectors examine their engines.",
    ]
    static let electionEast = [
        "Voters in the eastern province of Marrowgate re-elected governor Tomas Lind on Sunday with 54 percent of the vote.",
        "Lind's rival Hanna Berg of the Green Alliance conceded on Sunday night and congratulated the governor.",
        "Turnout in Marrowgate reached 61 percent, the provincial election office said.",
    ]
    static let electionWest = [
        "In the western city of Port Calder, the mayoral election on Sunday went to a runoff between Amaru Quispe and Delia Ford.",
        "Quispe, a former bus driver, won 38 percent; Ford, the outgoing deputy mayor, won 35 percent, the city's count showed.",
        "The runoff in Port Calder will be held in two weeks, the city election board said.",
    ]
    static let filler = [
        ("Bakery wins prize", "A family bakery from Ostwick won the national prize for rye bread with a recipe dating from 1890."),
        ("Library extends hours", "The Heddon public library will open on Sundays from January to give students quiet study space."),
        ("River festival dates set", "The Auen river festival will take place in the first week of July with concerts and boat races."),
        ("Museum gets a donation", "A private collector gave the maritime museum in Skarby forty hand-built models of sailing ships."),
    ]

    static var day: [Article] {
        [
            article("north", "Nineteen killed as Halden Air plane crashes near Varnes", crashNorth),
            article("north2", "Varnes plane crash: fog blamed as 19 die", crashNorthRetold, hoursAgo: 1),
            article("south", "Sunvale Freight jet crashes at Port Amadi, three crew dead", crashSouth),
            article("east", "Governor Lind re-elected in Marrowgate", electionEast),
            article("west", "Port Calder mayoral race goes to runoff", electionWest),
        ] + filler.enumerated().map { article("filler\($0.offset)", $0.element.0, [$0.element.1], hoursAgo: 5) }
    }

    @Test("two plane crashes on one day are two stories; one crash told in other words is one")
    func crashesAndElections() {
        let articles = Self.day
        let documents = articles.map { StoryGrouping.Document(title: $0.title, paragraphs: $0.paragraphs, published: $0.published) }
        let story = StoryGrouping.assign(documents, language: "en").story
        #expect(story[0] == story[1])
        #expect(story[0] != story[2])
        #expect(story[3] != story[4])
        for filler in 5..<articles.count { #expect(![story[0], story[2], story[3], story[4]].contains(story[filler])) }
    }

    @Test("names and numbers weigh the same whether a text is read byte by byte (ASCII) or by Unicode scalars", arguments: [
        "The Mayor of Lindenfeld said on Tuesday: \"We won't co-operate.\" Then 42 buses stopped.",
        "  rail--strike  ends;  O'Neil's  team  --  says 'no'  x-ray 3-2 A-  ",
        "Fire at 5am. Crews from Avon and Ruhr-Werke came! Who called? 'Nobody'.",
    ])
    func asciiWords(_ text: String) {
        let ascii = StoryClusterer.asciiBoostedWords(text), unicode = StoryClusterer.unicodeBoostedWords(text)
        #expect(ascii.map(\.0) == unicode.map(\.0))
        #expect(ascii.map(\.1) == unicode.map(\.1))
        #expect(!ascii.isEmpty)
        // A lead read as paragraphs is read as the paragraphs joined by spaces.
        let halves = [String(text.prefix(text.count / 2)), String(text.dropFirst(text.count / 2))]
        let parts = StoryClusterer.boostedWords(parts: halves), joined = StoryClusterer.unicodeBoostedWords(halves.joined(separator: " "))
        #expect(parts.map(\.0) == joined.map(\.0))
        #expect(parts.map(\.1) == joined.map(\.1))
    }

    @Test("a mixed-language day: each language grouped and summarised with its own rules")
    func languages() {
        let german = [
            "Die Lokführer im Auen-Netz streiken am Dienstag für 24 Stunden, teilte ihre Gewerkschaft am Samstag in Lindenfeld mit.",
            "Die Gewerkschaft fordert sieben Prozent mehr Lohn und kürzere Nachtschichten für Lokführer und Zugbegleiter.",
            "Der Betreiber Auenbahn nannte den Streik unverhältnismäßig und sagte, er sei weiter zu Gesprächen bereit.",
        ]
        let russian = [
            "Машинисты региональной сети Ауэн проведут во вторник суточную забастовку, сообщил в субботу их профсоюз.",
            "Профсоюз требует повышения зарплаты на семь процентов и более коротких ночных смен для машинистов.",
            "Оператор Auenbahn назвал забастовку несоразмерной и заявил, что по-прежнему открыт для переговоров.",
        ]
        let articles = [
            Corpus.article("en", source: "courier", title: "Rail strike set for Tuesday", Corpus.strike, hoursAgo: 5),
            Self.article("de", "Lokführer streiken am Dienstag", german, hoursAgo: 4, language: "de-DE"),
            // No declared language: recognised from its words.
            Self.article("ru", "Машинисты объявили забастовку", russian, hoursAgo: 3, language: nil),
        ]
        let stories = StoryBuilder(wordsPerStory: 200).build(articles, now: Corpus.now).stories
        #expect(stories.count == 3)
        for story in stories {
            #expect(story.articles.count == 1)
            #expect(!story.sentences.isEmpty)
            let article = story.articles[0]
            for sentence in story.sentences { #expect(article.paragraphs[sentence.paragraph].contains(sentence.text)) }
        }
        #expect(StoryBuilder.language(of: articles[2]) == "ru")
        #expect(StoryBuilder.language(of: articles[1]) == "de")
    }
}
