import DigestModel
@testable import DigestStories
import Foundation
import Testing

/// Summary sentences a reader can follow without the article around them.
@Suite struct ReadingTests {
    /// An article whose most central sentence opens with "They", right after a sentence too
    /// short to be chosen: the "They" sentence must not be chosen.
    static let dangling = [
        "The city council of Lindenfeld approved the new tram line on Tuesday after a long debate about costs.",
        "Residents objected.",
        "They said the new tram line through Lindenfeld would cost the council far more than the approved budget.",
        "The tram line through Lindenfeld is due to open in 2029 and will link the station with the hospital.",
    ]
    static let second = [
        "Lindenfeld's new tram line will cost the council 240 million euros, the approved budget shows.",
        "The tram line will run from the station to the hospital through the old town of Lindenfeld.",
    ]

    @Test("a sentence that opens with a pronoun is chosen only right after the sentence it leans on")
    func pointsBack() {
        let summary = Summarizer(words: 200, maxSentences: 6).summarize([Self.dangling, Self.second])
        #expect(!summary.isEmpty)
        #expect(!summary.contains { $0.text.hasPrefix("They said") })
        // With its predecessor a real sentence, it may follow it.
        var article = Self.dangling
        article[1] = "Residents of the old town objected to the plan at a public hearing on Monday evening."
        let withContext = Summarizer(words: 200, maxSentences: 6).summarize([article, Self.second])
        if let index = withContext.firstIndex(where: { $0.text.hasPrefix("They said") }) {
            #expect(index > 0 && withContext[index - 1].text.hasPrefix("Residents of the old town"))
        }
    }

    @Test("openings that point back, and those that do not", arguments: [
        ("They said it would fail", true), ("But the police said no", true), ("However the vote went on", true),
        ("Meanwhile prices rose", true), ("It's the first fee to go", true), ("Of those cases most failed", true),
        ("This year prices rose", false), ("The police said no", false), ("Theresa May resigned", false),
        ("Prewitt also said however that sampling is best", true), ("The company's chief executive also said so", true),
        ("The plan however was rejected", true), ("Prices rose and also wages rose", false),
        ("The storm flooded the valley and the town also lost power", false),
        ("The two countries fear a devaluation", true),
    ])
    func openings(sentence: String, expected: Bool) {
        let words = sentence.lowercased().split(separator: " ").map(String.init)
        #expect(ReadingRules.pointsBack(words, language: "en") == expected)
    }

    @Test("a speaker known only by a pronoun comes from the sentence before", arguments: [
        ("With the exception of a family history, she said, nobody knows the risk.", true),
        ("They said the tram line would cost far more than the council had planned.", true),
        ("The mayor said she would resign if the council rejected the plan.", false),
        ("Anna Berg, the mayor, said on Monday that he said nothing of the kind.", false),
        ("The plan, he argued, would ruin the old town within ten years.", true),
    ])
    func speakerUnnamed(sentence: String, expected: Bool) {
        #expect(ReadingRules.speakerUnnamed(sentence, language: "en") == expected)
    }

    @Test("a sentence that announces what follows it (a list, excerpts) is not chosen")
    func pointsForward() {
        let article = [
            "The council of Lindenfeld published its plan for the new tram line through the old town on Monday.",
            "Following are excerpts from the plan that the council of Lindenfeld published for the tram line on Monday.",
            "Here are the main points of the new tram line plan for Lindenfeld and its old town.",
            "The council's plan for the tram line lists the stops and what each of them will cost:",
            "The tram line will run from the station to the hospital and is due to open in 2029.",
        ]
        let texts = Summarizer(words: 300, maxSentences: 10).summarize([article]).map(\.text)
        #expect(texts == [article[0], article[4]])
        #expect(!ReadingRules.pointsForward("Here the river is wide and slow.", words: ["here", "the", "river", "is", "wide", "and", "slow"], language: "en"))
    }

    @Test("fragments, pieces of a quotation and quotations without their speaker are not chosen")
    func quotations() {
        let article = [
            "The mayor of Lindenfeld closed the old bridge over the river Auen on Friday after engineers found cracks.",
            "\"We are not going to take any risks with the safety of people crossing this bridge.",
            "It stays closed until the engineers have checked every beam,\" the mayor told reporters on the bridge.",
            "\"Nobody will cross the old bridge over the Auen again until it is completely safe.\"",
            "Traffic was diverted.",
            "Drivers crossing the Auen are being sent over the motorway bridge, which adds twenty minutes to the trip.",
        ]
        let texts = Summarizer(words: 300, maxSentences: 10).summarize([article]).map(\.text)
        #expect(texts.contains { $0.hasPrefix("The mayor of Lindenfeld closed") })
        #expect(texts.contains { $0.hasPrefix("Drivers crossing the Auen") })
        #expect(!texts.contains { $0.contains("not going to take any risks") })
        #expect(!texts.contains { $0.hasPrefix("It stays closed") })
        #expect(!texts.contains { $0.hasPrefix("\"Nobody will cross") })
        #expect(!texts.contains { $0 == "Traffic was diverted." })
        for text in texts { #expect(text.filter { $0 == "\"" }.count % 2 == 0) }
    }

    @Test("a sentence garbled in transmission (braces, a backslash, a broken byte) is never chosen")
    func garbled() {
        let article = [
            "PASADENA _ TheQ'K{d4J R-Y,Y %-NQ its first championship game for the series in 2002, will host the game again in 2006.",
            "The stadium will host the championship game again in 2006 as part of a new television contract.",
            "Officials said the \u{FFFD}contract was signed by both sides on Tuesday after weeks of talks.",
            "Organisers expect more than ninety thousand spectators and a record television audience.",
        ]
        let texts = Summarizer(words: 300, maxSentences: 10).summarize([article]).map(\.text)
        #expect(texts == [article[1], article[3]])
        #expect(!ReadingRules.isGarbled("Shares rose 5% to $12, the #2 gain of the day."), "ordinary symbols are prose")
    }

    @Test("an opinion piece is labelled and never opens the story while a news report exists")
    func opinion() {
        let news = Corpus.article("news", source: "courier", title: "Auen bridge closed after engineers find cracks", [
            "The old bridge over the river Auen in Lindenfeld was closed on Friday after engineers found cracks in two beams.",
            "Drivers are being sent over the motorway bridge, which adds twenty minutes to the trip into Lindenfeld.",
        ], hoursAgo: 3)
        var column = Corpus.article("column", source: "views", title: "The Auen bridge closure shows years of neglect", [
            "The views expressed in this column are solely those of the author.",
            "The closure of the old Auen bridge in Lindenfeld on Friday after engineers found cracks in two beams was years in the making.",
            "Engineers found cracks in two beams of the Auen bridge in Lindenfeld because nobody paid for its upkeep for a decade.",
        ], hoursAgo: 2)
        column.url = URL(string: "https://views.example/2026/11/auen-bridge")
        let stories = StoryBuilder(wordsPerStory: 200).build([column, news], now: Corpus.now).stories
        #expect(stories.count == 1)
        guard let story = stories.first else { return }
        #expect(story.articles.first { $0.id == "column" }?.isOpinion == true)
        #expect(story.articles.first { $0.id == "news" }?.isOpinion == false)
        #expect(story.articles[story.sentences[0].articleIndex].id == "news")
        #expect(story.headline == "Auen bridge closed after engineers find cracks")
        #expect(!story.sentences.contains { $0.text.contains("views expressed") })
        // An opinion section in the address marks it too.
        var sectioned = news
        sectioned.url = URL(string: "https://courier.example/opinion/auen-bridge")
        #expect(Opinion.isOpinion(sectioned))
        #expect(!Opinion.isOpinion(news))
        // The disclaimer's wordings, and news that only uses its words.
        #expect(Opinion.isDisclaimer("Opinions expressed here are the writer's own and do not reflect those of the paper."))
        #expect(Opinion.isDisclaimer("The views expressed do not necessarily reflect those of the editors."))
        #expect(!Opinion.isDisclaimer("Residents expressed their views at a meeting on Tuesday."))
    }

    @Test("a story's headline, sources and sentences show no entity escaped twice and no wire code")
    func literalEntities() {
        let first = Corpus.article("a", source: "courier", title: "&QL; Auen bridge closed after engineers find cracks", [
            "&QL;",
            "The old bridge over the river Auen in Lindenfeld was closed on Friday after engineers found cracks in two beams. &QL;",
            "Drivers are being sent over the motorway bridge, which adds twenty minutes to the trip into Lindenfeld&#8217;s centre.",
        ], hoursAgo: 3)
        let second = Corpus.article("b", source: "ledger", title: "Engineers&rsquo; cracks close the Auen bridge", [
            "Engineers found cracks in two beams of the old Auen bridge in Lindenfeld, and the town closed it on Friday.",
        ], hoursAgo: 2)
        let stories = StoryBuilder(wordsPerStory: 200).build([first, second], now: Corpus.now).stories
        #expect(stories.count == 1)
        guard let story = stories.first else { return }
        let shown = [story.headline] + story.articles.map(\.title) + story.sentences.map(\.text)
        #expect(!shown.contains { $0.contains("&") }, "\(shown)")
        #expect(story.articles.map(\.title).contains("Engineers’ cracks close the Auen bridge"))
    }
}

/// Headlines: a real, whole title; else the lead sentence cut at a clause.
@Suite struct HeadlineTests {
    @Test("an outlet's repeated line, a cut-off title and a clipped lead are not headlines")
    func titles() {
        let lead = "The council of Lindenfeld approved a new tram line on Tuesday after six hours of debate."
        let chooser = HeadlineChooser(furniture: ["last news in fakti"], language: "en")
        func article(_ title: String) -> Article { Corpus.article("a", source: "s", title: title, [lead], hoursAgo: 1) }
        #expect(!chooser.isWhole(article("Last news in Fakti")))
        #expect(!chooser.isWhole(article("The council of Lindenfeld approved a new tram line on")))
        #expect(!chooser.isWhole(article("Council approves tram line, mayor says the")))
        #expect(!chooser.isWhole(article("Council approves tram line …")))
        #expect(chooser.isWhole(article("Lindenfeld council approves new tram line")))
        #expect(HeadlineChooser.clean("&QL; WASHINGTON _ Senate adjourns") == "Senate adjourns")
        #expect(HeadlineChooser.clean("*NASA to launch repair trip to telescope") == "NASA to launch repair trip to telescope")
        #expect(HeadlineChooser.clean("• Council approves tram line ••") == "Council approves tram line")
        #expect(HeadlineChooser.clean("#MeToo founder speaks at +5% rally") == "#MeToo founder speaks at +5% rally", "a hashtag is a word")
        #expect(!chooser.isWhole(article("The Times said in an editorial for Friday, Sept")), "cut before its number")
        #expect(!chooser.isWhole(article("Budget talks stall as lawmakers wait for Gov")))
        #expect(!chooser.isWhole(article("TheQ'K{d4J R-Y,Y its first championship game")), "garbled in transmission")
        #expect(!chooser.isWhole(article("The Times said in an editorial on Tuesday, July 25: &QL")), "an entity cut in half, then a colon")
        #expect(!chooser.isWhole(article("The Times said in an editorial for Monday, July 3")), "what was said is missing")
        #expect(!chooser.isWhole(article("Police said on Tuesday")))
        #expect(!chooser.isWhole(article("The postponement slowed, but did not stop, Missouri's")), "a possessive needs its noun")
        #expect(HeadlineChooser.fromSentence("The council of Lindenfeld voted on Tuesday evening to approve the new tram line through Lindenfeld's old quarter and past the hospital grounds by the year 2029 at the latest.")
            == "The council of Lindenfeld voted on Tuesday evening to approve the new tram line…")
        #expect(chooser.isWhole(article("Mayor says in interview that the tram line will open in 2029")))
        #expect(chooser.isWhole(article("Council says no to tram line")))
        // The lead is the first real paragraph, not a leftover code before it.
        let junkFirst = Corpus.article("j", source: "s", title: "Already the hunters are fanning out across the frozen", ["&QL;", "Already the hunters are fanning out across the frozen tundra to bag enough caribou for the feast."], hoursAgo: 1)
        #expect(!chooser.isWhole(junkFirst), "the first sentence clipped")
        let introduces = Corpus.article("i", source: "s", title: "The Times said in an editorial for Monday, July 3", ["The Times said in an editorial for Monday, July 3:", "The governor was right to stop the executions."], hoursAgo: 1)
        #expect(!chooser.isWhole(introduces), "a lead that only introduces a quotation")
    }

    @Test("with no whole title, the summary's first sentence is cut at a clause boundary")
    func fromSentence() {
        #expect(HeadlineChooser.fromSentence("The council of Lindenfeld approved a new tram line on Tuesday, after six hours of debate.")
            == "The council of Lindenfeld approved a new tram line on Tuesday")
        #expect(HeadlineChooser.fromSentence("The council approved the tram line.") == "The council approved the tram line")
        #expect(HeadlineChooser.fromSentence("* The council approved the tram line.") == "The council approved the tram line")
        // A fronted phrase is not a headline: the main clause is.
        #expect(HeadlineChooser.fromSentence("Today, thanks to volunteers like Goldstein and Cotter, the old library opens its doors again.")
            == "The old library opens its doors again")
        #expect(HeadlineChooser.fromSentence("With the exception of a family history of illness, there are no reliable signs of the disease.")
            == "There are no reliable signs of the disease")
        #expect(HeadlineChooser.fromSentence("For example, a voter could choose a candidate in the presidential primary and")
            == "A voter could choose a candidate in the presidential primary…", "no dangling last word")
        #expect(HeadlineChooser.fromSentence("In short, iPhone sales fell by a third in the quarter.") == "iPhone sales fell by a third in the quarter")
        #expect(HeadlineChooser.fromSentence("Prewitt said, however, that the estimate stands.") == "Prewitt said, however, that the estimate stands",
                "a subject first is the main clause already")
        #expect(HeadlineChooser.fromSentence("&QL; Internet auction pioneer eBay invested in a used car seller.")
            == "Internet auction pioneer eBay invested in a used car seller")
        // A participial phrase in front, and the "by …" phrase after it, are not the main clause.
        #expect(HeadlineChooser.fromSentence("Founded here in 1971 as a small club, by a band of young doctors from the town, the group now runs four clinics.")
            == "The group now runs four clinics")
        #expect(HeadlineChooser.fromSentence("Speaking to reporters on Monday, the mayor said the tram line would open in 2029.")
            == "The mayor said the tram line would open in 2029")
        // An appositive after the subject goes; a long sentence is cut where a clause begins.
        #expect(HeadlineChooser.fromSentence("Vernon Jordan, a close friend of the president, appeared before a federal grand jury.")
            == "Vernon Jordan appeared before a federal grand jury")
        #expect(HeadlineChooser.fromSentence("Anna Berg, 45, leads the council.") == "Anna Berg, 45, leads the council", "an age is not an aside")
        #expect(HeadlineChooser.fromSentence("The council of Lindenfeld approved the new tram line to the hospital on Tuesday evening after residents said that the old buses were too slow and too full.")
            == "The council of Lindenfeld approved the new tram line to the hospital on Tuesday evening…")
        #expect(HeadlineChooser.fromSentence("Heute, nach langer Debatte, beschloss der Rat den Haushalt.", language: "de")
            == "Heute, nach langer Debatte, beschloss der Rat den Haushalt", "the English rules stay English")
    }
}
