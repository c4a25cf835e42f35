import Foundation

/// The articles that report one event, with a headline and a cited summary.
public struct Story: Sendable, Equatable, Codable {
    /// Stable id derived from the articles it holds.
    public var id: String
    /// The chosen headline.
    public var headline: String
    /// The articles, the headline's own first.
    public var articles: [Article]
    /// The summary, in reading order; every sentence cites its article.
    public var sentences: [SummarySentence]
    /// Whether an earlier briefing already told this story, so the summary holds only what is new.
    public var isUpdate: Bool
    /// The briefing section it is shown in (`[[sections]]`), nil when the briefing has none.
    public var section: String?

    /// Creates a story.
    public init(id: String, headline: String, articles: [Article], sentences: [SummarySentence], isUpdate: Bool = false) {
        self.id = id
        self.headline = headline
        self.articles = articles
        self.sentences = sentences
        self.isUpdate = isUpdate
    }

    /// The newest publication time among the story's articles.
    public var latest: Date? { articles.compactMap(\.published).max() }
}

/// One sentence of a summary and where it was taken from.
public struct SummarySentence: Sendable, Equatable, Codable {
    /// The sentence as plain text.
    public var text: String
    /// Index into the story's `articles`.
    public var articleIndex: Int
    /// Paragraph and sentence position inside that article, zero-based.
    public var paragraph: Int
    /// Sentence position inside the paragraph, zero-based.
    public var sentence: Int

    /// Creates a summary sentence.
    public init(text: String, articleIndex: Int, paragraph: Int, sentence: Int) {
        self.text = text
        self.articleIndex = articleIndex
        self.paragraph = paragraph
        self.sentence = sentence
    }
}
