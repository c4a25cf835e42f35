import DigestModel
import DigestText
import Foundation

/// Walking-skeleton stories: every article is its own story, summarised by its first sentences
/// (the "Lead" baseline of news summarisation). The stories issue replaces this with copy
/// folding, clustering by event, and LexRank with MMR.
public struct LeadStories: Sendable {
    /// The most sentences a summary holds.
    public var sentencesPerStory: Int
    /// The most words a summary holds; the first sentence is kept even when longer.
    public var wordsPerStory: Int
    /// The most stories returned.
    public var maxStories: Int
    /// How sentences are found.
    public var splitter: SentenceSplitter

    /// Creates the builder.
    public init(sentencesPerStory: Int = 3, wordsPerStory: Int = 90, maxStories: Int = 12, splitter: SentenceSplitter = SentenceSplitter()) {
        self.sentencesPerStory = sentencesPerStory
        self.wordsPerStory = wordsPerStory
        self.maxStories = maxStories
        self.splitter = splitter
    }

    /// The stories of `articles`, newest first (ties: headline, then id, so the order is stable).
    public func stories(from articles: [Article]) -> [Story] {
        let ranked = articles.sorted { lhs, rhs in
            let left = lhs.published ?? .distantPast, right = rhs.published ?? .distantPast
            if left != right { return left > right }
            if lhs.title != rhs.title { return lhs.title < rhs.title }
            return lhs.id < rhs.id
        }
        return ranked.prefix(maxStories).map(story(for:))
    }

    /// One article's story: its headline and lead sentences within the budget.
    public func story(for article: Article) -> Story {
        var sentences: [SummarySentence] = []
        var words = 0
        outer: for (paragraphIndex, paragraph) in article.paragraphs.enumerated() {
            for (sentenceIndex, sentence) in splitter.split(paragraph).enumerated() {
                let count = sentence.wordCount
                if sentences.count >= sentencesPerStory || (!sentences.isEmpty && words + count > wordsPerStory) { break outer }
                sentences.append(SummarySentence(text: sentence, articleIndex: 0, paragraph: paragraphIndex, sentence: sentenceIndex))
                words += count
            }
        }
        let headline = article.title.isEmpty ? (sentences.first?.text ?? "Untitled") : article.title
        return Story(id: StableHash.hex(article.id), headline: headline, articles: [article], sentences: sentences)
    }
}
