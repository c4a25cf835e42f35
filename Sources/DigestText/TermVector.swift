import Foundation

/// A text as weighted terms: stemmed, stop words left out, weighted by TF-IDF
/// (term frequency times the log of inverse document frequency; Spärck Jones 1972, Salton &
/// Buckley 1988), for the cosine similarities that stories and summaries are built on.
public struct TermVector: Sendable, Equatable {
    /// Term → weight.
    public var weights: [String: Double]

    public init(weights: [String: Double]) {
        self.weights = weights
    }

    /// The Euclidean length.
    public var norm: Double { weights.values.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Cosine similarity, from 0 (nothing shared) to 1 (same direction).
    public func cosine(_ other: TermVector) -> Double {
        let (small, large) = weights.count <= other.weights.count ? (weights, other.weights) : (other.weights, weights)
        var dot = 0.0
        for (term, weight) in small { if let match = large[term] { dot += weight * match } }
        let denominator = norm * other.norm
        return denominator > 0 ? dot / denominator : 0
    }
}

/// Turns texts into term vectors with document frequencies taken from a collection.
public struct TermVectorizer {
    /// The collection's language (ISO 639-1), for stop words and stemming.
    public let language: String
    private let stemmer: Stemmer?
    /// Document frequency of each term over the collection.
    public private(set) var documentFrequency: [String: Int] = [:]
    /// Documents in the collection.
    public private(set) var documentCount = 0

    private let stopWords: Set<String>

    public init(language: String) {
        self.language = language
        stemmer = Stemmer(language: language)
        stopWords = StopWords.lists[language] ?? []
    }

    /// The stems of a text's words, stop words left out.
    public func terms(_ text: String) -> [String] {
        Tokenizer.words(text).compactMap { word in
            guard !stopWords.contains(word) else { return nil }
            return stemmer?.stem(word) ?? word
        }
    }

    /// Counts a document's terms into the document frequencies.
    public mutating func add(_ text: String) {
        documentCount += 1
        for term in Set(terms(text)) { documentFrequency[term, default: 0] += 1 }
    }

    /// The TF-IDF vector of a text; terms unseen in the collection count as seen once.
    public func vector(_ text: String) -> TermVector {
        var counts: [String: Int] = [:]
        for term in terms(text) { counts[term, default: 0] += 1 }
        let documents = Double(max(1, documentCount))
        var weights: [String: Double] = [:]
        for (term, count) in counts {
            let frequency = Double(max(1, documentFrequency[term] ?? 0))
            weights[term] = Double(count) * (1 + log(documents / frequency))
        }
        return TermVector(weights: weights)
    }
}
