import DigestModel
import DigestStories
import Foundation
import Testing

@Suite struct LeadStoriesTests {
    func article(_ id: String, hours: Double?, title: String = "T", paragraphs: [String]) -> Article {
        Article(id: id, sourceID: "s", sourceName: "S", url: nil, title: title,
                published: hours.map { Date(timeIntervalSince1970: 1_800_000_000 + $0 * 3600) }, paragraphs: paragraphs)
    }

    @Test("a summary is the article's first sentences, across paragraphs, up to the sentence budget")
    func leadSentences() {
        let story = LeadStories(sentencesPerStory: 3).story(for: article("a", hours: 0, paragraphs: ["One. Two.", "Three. Four."]))
        #expect(story.sentences.map(\.text) == ["One.", "Two.", "Three."])
        #expect(story.sentences.map(\.paragraph) == [0, 0, 1])
        #expect(story.sentences.map(\.sentence) == [0, 1, 0])
    }

    @Test("the word budget stops a summary early but never leaves it empty")
    func wordBudget() {
        let long = "This first sentence has exactly eight words in it. Short one."
        let story = LeadStories(sentencesPerStory: 5, wordsPerStory: 4).story(for: article("a", hours: 0, paragraphs: [long]))
        #expect(story.sentences.map(\.text) == ["This first sentence has exactly eight words in it."])
    }

    @Test("stories come newest first, undated last, capped at max_stories, with stable ties")
    func ordering() {
        let articles = [
            article("old", hours: 1, paragraphs: ["x."]),
            article("undated", hours: nil, paragraphs: ["x."]),
            article("new-b", hours: 5, title: "B", paragraphs: ["x."]),
            article("new-a", hours: 5, title: "A", paragraphs: ["x."]),
        ]
        let stories = LeadStories(maxStories: 3).stories(from: articles)
        #expect(stories.map { $0.articles[0].id } == ["new-a", "new-b", "old"])
    }

    @Test("an article without a title is headed by its first sentence; one without text has no summary")
    func edgeCases() {
        let untitled = LeadStories().story(for: article("a", hours: 0, title: "", paragraphs: ["Lead sentence. More."]))
        #expect(untitled.headline == "Lead sentence.")
        let empty = LeadStories().story(for: article("b", hours: 0, title: "Only a title", paragraphs: []))
        #expect(empty.headline == "Only a title")
        #expect(empty.sentences.isEmpty)
    }
}
