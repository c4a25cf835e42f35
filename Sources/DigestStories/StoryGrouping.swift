import DigestModel
import DigestText
import Foundation

/// Copies first, then stories: copies of one article are folded (`CopyDetector`), one copy of
/// each stands for the group, and those are clustered into stories (`StoryClusterer`).
public enum StoryGrouping {
    /// An article's text as the grouping sees it.
    public struct Document: Sendable {
        public var title: String
        public var paragraphs: [String]
        public var published: Date?

        /// Creates a document.
        public init(title: String, paragraphs: [String], published: Date?) {
            self.title = title
            self.paragraphs = paragraphs
            self.published = published
        }
    }

    /// Words of an article compared when clustering stories. Measured on DUC 2003's 30 stories
    /// (`digest inspect clusters`): ARI 0.845 with the first 120 words, 0.904 with 400, 0.951 with
    /// whole articles; so the "lead" is, in practice, the article up to this length.
    public static let leadWords = 2000

    /// For every document, the index of the first document of its copy group and of its story.
    public static func assign(_ documents: [Document], language: String, copies: CopyDetector = CopyDetector(),
                              stories: StoryClusterer = StoryClusterer(), leadWords: Int = StoryGrouping.leadWords) -> (copy: [Int], story: [Int]) {
        // Each text is joined when the detector reads it, not all at once.
        let copy = copies.groups(count: documents.count) { ([documents[$0].title] + documents[$0].paragraphs).joined(separator: "\n") }
        // The copy stage's shingle sets were made and freed on worker threads: their pages go
        // back before clustering allocates its own.
        FreedMemory.release()
        let representatives = Array(Set(copy)).sorted()
        let items = representatives.map { index in
            StoryClusterer.Item(title: documents[index].title, leadParagraphs: lead(documents[index].paragraphs, words: leadWords),
                                published: documents[index].published)
        }
        let clustered = stories.clusters(items, language: language)
        var storyOfGroup: [Int: Int] = [:]
        for (position, representative) in representatives.enumerated() {
            storyOfGroup[representative] = representatives[clustered[position]]
        }
        return (copy, copy.map { storyOfGroup[$0]! })
    }

    /// The first paragraphs, up to `leadWords` words (the strings shared, not copied).
    static func lead(_ paragraphs: [String], words limit: Int) -> [String] {
        var words = 0
        var kept: [String] = []
        for paragraph in paragraphs where words < limit {
            kept.append(paragraph)
            words += paragraph.wordCount
        }
        return kept
    }
}
