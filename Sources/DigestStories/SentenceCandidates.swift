import DigestModel
import DigestText

/// The sentences of a story's articles that may enter its summary, with where each came from
/// and its terms.
///
/// Not sentences: headings and captions (short lines without a closing mark), fragments under
/// eight words, pieces of a quotation and quotations without their speaker (`ReadingRules`). A
/// wire dateline opening a paragraph ("WASHINGTON (AP) --") is taken off its first sentence.
struct SentenceCandidate {
    var text: String
    var articleIndex: Int
    var paragraph: Int
    var sentence: Int
    /// Position among the article's candidate sentences (0 = its lead).
    var position: Int
    var wordCount: Int
    /// Term ids with TF-IDF weights, sorted by id, unit length.
    var vector: SparseVector
    /// Whether it opens by pointing back to an earlier sentence (see `ReadingRules`).
    var pointsBack = false
    /// Whether the sentence just before it in the article is a candidate too (position − 1).
    var followsPrevious = false
}

/// A sparse vector of term ids, sorted by id; dot products by merging.
struct SparseVector {
    var ids: [Int32]
    var weights: [Double]

    static let empty = SparseVector(ids: [], weights: [])

    func dot(_ other: SparseVector) -> Double {
        // The hottest loop of a day's grouping: read through buffer pointers, without bounds checks.
        ids.withUnsafeBufferPointer { ids in
            weights.withUnsafeBufferPointer { weights in
                other.ids.withUnsafeBufferPointer { otherIDs in
                    other.weights.withUnsafeBufferPointer { otherWeights in
                        var i = 0, j = 0, sum = 0.0
                        while i < ids.count && j < otherIDs.count {
                            let a = ids[i], b = otherIDs[j]
                            if a == b {
                                sum += weights[i] * otherWeights[j]
                                i += 1
                                j += 1
                            } else if a < b {
                                i += 1
                            } else {
                                j += 1
                            }
                        }
                        return sum
                    }
                }
            }
        }
    }

    /// The dot product with a vector spread over a dense array indexed by term id.
    func dot(dense: [Double]) -> Double {
        ids.withUnsafeBufferPointer { ids in
            weights.withUnsafeBufferPointer { weights in
                dense.withUnsafeBufferPointer { dense in
                    var sum = 0.0
                    for position in 0..<ids.count { sum += dense[Int(ids[position])] * weights[position] }
                    return sum
                }
            }
        }
    }

    /// The sum of `vectors`.
    static func sum(_ vectors: [SparseVector]) -> SparseVector {
        var pairs: [(Int32, Double)] = []
        pairs.reserveCapacity(vectors.reduce(0) { $0 + $1.ids.count })
        for vector in vectors { pairs += zip(vector.ids, vector.weights) }
        pairs.sort { $0.0 < $1.0 }
        var ids: [Int32] = [], weights: [Double] = []
        for (id, weight) in pairs {
            if ids.last == id { weights[weights.count - 1] += weight } else { ids.append(id); weights.append(weight) }
        }
        return SparseVector(ids: ids, weights: weights)
    }

    /// Scaled to unit length (the zero vector stays zero).
    func normalized() -> SparseVector {
        let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return self }
        return SparseVector(ids: ids, weights: weights.map { $0 / norm })
    }
}

/// Interns terms as small integers and keeps their document frequencies.
struct TermTable {
    private(set) var ids: [String: Int32] = [:]
    private(set) var documentFrequency: [Int] = []
    private(set) var documents = 0

    mutating func id(_ term: String) -> Int32 {
        if let id = ids[term] { return id }
        let id = Int32(ids.count)
        ids[term] = id
        documentFrequency.append(0)
        return id
    }

    /// Counts one document's distinct terms.
    mutating func addDocument(_ terms: [Int32]) {
        documents += 1
        for id in Set(terms) { documentFrequency[Int(id)] += 1 }
    }

    /// TF-IDF of a bag of term ids, unit length.
    func vector(_ terms: [Int32]) -> SparseVector {
        var counts: [Int32: Int] = [:]
        for id in terms { counts[id, default: 0] += 1 }
        let total = Double(max(1, documents))
        let sorted = counts.keys.sorted()
        let weights = sorted.map { id -> Double in
            let frequency = Double(max(1, documentFrequency[Int(id)]))
            return Double(counts[id]!) * (1 + log(total / frequency))
        }
        return SparseVector(ids: sorted, weights: weights).normalized()
    }
}

#if canImport(Glibc)
import Glibc
#endif
