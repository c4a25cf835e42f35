import DigestModel

/// How a briefing is divided into sections (`[[sections]]` in the config): each feed belongs to
/// one section, a story to the section most of its articles come from (ties: the section written
/// first), and each section may hold at most so many stories.
public struct StorySections: Sendable, Equatable {
    /// One section.
    public struct Section: Sendable, Equatable {
        /// Its heading.
        public var name: String
        /// The most stories it shows; nil: only the briefing's own cap.
        public var maxStories: Int?

        /// Creates a section.
        public init(name: String, maxStories: Int? = nil) {
            self.name = name
            self.maxStories = maxStories
        }
    }

    /// The sections in the order shown; the last one takes the stories of feeds in no other.
    public var sections: [Section]
    /// Each feed's section, by feed id (an index into `sections`); a feed not listed is in the last.
    public var sectionOfFeed: [String: Int]

    /// A plan of `sections` (at least one), feeds placed by `sectionOfFeed`.
    public init(sections: [Section], sectionOfFeed: [String: Int]) {
        precondition(!sections.isEmpty, "a plan needs a section")
        self.sections = sections
        self.sectionOfFeed = sectionOfFeed.filter { sections.indices.contains($0.value) }
    }

    /// The section of a story of `articles`: the one most of them come from; ties go to the
    /// section written first.
    public func section(of articles: [Article]) -> Int {
        var counts = [Int](repeating: 0, count: sections.count)
        for article in articles { counts[sectionOfFeed[article.sourceID] ?? sections.count - 1] += 1 }
        var best = 0
        for (index, count) in counts.enumerated() where count > counts[best] { best = index }
        return best
    }
}
