import DigestModel
import DigestText
import Foundation

/// Groups articles about one event into stories: average-link agglomerative clustering
/// (UPGMA; Sokal & Michener 1958) over TF-IDF cosine similarities of each article's title and
/// lead, the standard of topic detection and tracking (Allan et al. 1998, "Topic Detection and
/// Tracking Pilot Study"). Names and numbers count double: two reports of one event share its
/// people, places and figures more than its common words.
///
/// To stay near-linear in the number of articles, similarities are only computed for pairs that
/// share one of their most weighted terms (an inverted index over each article's top terms) and
/// that were published within `window` of each other; pairs never compared count as 0 in the
/// averages, which also keeps two rounds of talks weeks apart from chaining into one story.
///
/// Average linkage alone chains: on an unseen news day it merged fifty events into groups of
/// forty, one subject's events linked through members close to both. So every merge must also
/// pass complete linkage's test at a low floor (every cross pair at least `floor` alike; the
/// combination of the two criteria is the "average link with a minimum" of hierarchical
/// clustering texts, e.g. Manning, Raghavan & Schütze 2008, ch. 17), and both thresholds are
/// fixed rather than fitted to the collection at hand.
public struct StoryClusterer: Sendable {
    /// Average similarity at or above which two clusters merge.
    public var threshold: Double
    /// The least similarity every pair of a merged story must have (complete linkage's rule,
    /// as a floor under average linkage): a story cannot grow by chaining through a member
    /// that is close to both sides while its ends share nothing.
    public var floor: Double
    /// Articles further apart than this are never in one story (when both are dated).
    public var window: TimeInterval
    /// Stories of at most this many articles that the floor kept apart may join the larger
    /// story they are most like (one lone follow-up, a pair of syndicated reports).
    public var strayLimit = 2
    /// The similarity two single articles need to become a story: 0.12, from the flat region
    /// 0.10–0.20 where the DUC 2003 halves, the news day (three seeds) and the samples' day
    /// group exactly as with 0.08, while the demo's small day keeps its separate events apart.
    public var pairThreshold = 0.12
    /// The average similarity a stray needs to its story (measured on the DUC 2003 news day:
    /// 0.04 and 0.05 alike; 0.08 leaves 7 events split instead of 2).
    public var strayThreshold = 0.05
    /// Top terms two articles must share to be compared at all.
    public var minimumSharedTerms = 1
    /// Terms of each article put in the inverted index.
    public var indexedTerms = 32

    /// The default merge threshold. Both constants were chosen on one half of the DUC 2003
    /// stories (the even-numbered clusters: ARI A, odd half B held out, see the README) from a
    /// flat region: averages from 0.06 to 0.10 and floors from 0.03 to 0.04 score within 0.02.
    /// They are fixed, not fitted to the collection at hand: a threshold derived from a
    /// collection's own similarity spread merged separate events of one subject on unseen news.
    public static let defaultThreshold = 0.08
    /// The default floor (see `floor`).
    public static let defaultFloor = 0.03

    /// Creates a clusterer.
    public init(threshold: Double = StoryClusterer.defaultThreshold, floor: Double = StoryClusterer.defaultFloor,
                window: TimeInterval = 48 * 3600) {
        self.threshold = threshold
        self.floor = floor
        self.window = window
    }

    /// One article to cluster: its title and lead (the first paragraphs), and when it was published.
    public struct Item: Sendable {
        public var title: String
        /// The lead's paragraphs, read as if joined by spaces (not joined: a day's worth of
        /// joined copies would double the text held in memory).
        public var leadParagraphs: [String]
        public var published: Date?

        /// Creates an item.
        public init(title: String, lead: String, published: Date?) {
            self.init(title: title, leadParagraphs: [lead], published: published)
        }

        /// Creates an item whose lead is these paragraphs.
        public init(title: String, leadParagraphs: [String], published: Date?) {
            self.title = title
            self.leadParagraphs = leadParagraphs
            self.published = published
        }
    }

    /// For each item, the index of the first item of its story.
    public func clusters(_ items: [Item], language: String) -> [Int] {
        let vectors = Self.vectors(items, language: language)
        let pairs = PairTable(count: items.count, rows: candidatePairs(vectors, items: items), minimum: floor)
        // The candidate search's rows and counts, freed on worker threads, go back before the
        // merging allocates.
        FreedMemory.release()
        return averageLink(pairs, vectors: vectors)
    }

    /// Weighted, normalised term vectors: TF-IDF over the items, names and numbers doubled,
    /// the title's terms counted twice (a headline names the event).
    static func vectors(_ items: [Item], language: String) -> [SparseVector] {
        var table = TermTable()
        let stopWords = StopWords.lists[language] ?? []
        var counts: [SparseVector] = []
        counts.reserveCapacity(items.count)
        // A chunk at a time: words to stems in parallel (each chunk of work with its own
        // stemmer), then interned in order and summed per term at once, so that a day's words
        // are never all held as strings (on a day of 60,000 articles they took 200 MB).
        for chunk in stride(from: 0, to: items.count, by: 4096).map({ $0..<min(items.count, $0 + 4096) }) {
            // Each piece of work remembers the stems it made (words repeat, stemming is the
            // dearest step per word) and numbers its terms itself, in the order they first come;
            // its numbers are turned into the table's in the same order below, so the table's
            // ids are those a single pass over the items would give.
            let made = parallelMap(chunk.count, makeState: { (vectorizer: TermVectorizer(language: language), known: [String: Int32](), vocabulary: LocalTerms()) }) { state, offset in
                let item = items[chunk.lowerBound + offset]
                var weights: [Int32: Double] = [:]
                for (parts, weight) in [([item.title], 2.0), (item.leadParagraphs, 1.0)] {
                    for (word, boost) in boostedWords(parts: parts) {
                        // One lookup a word: its term's number, or −1 for a stop word.
                        let id: Int32
                        if let seen = state.known[word] {
                            id = seen
                        } else {
                            id = stopWords.contains(word) ? -1 : state.vocabulary.id(state.vectorizer.terms(word).first ?? word)
                            state.known[word] = id
                        }
                        if id >= 0 { weights[id, default: 0] += weight * boost }
                    }
                }
                return (vocabulary: state.vocabulary, weights: weights)
            }
            var global: (vocabulary: LocalTerms, ids: [Int32])?
            for item in made {
                if global?.vocabulary !== item.vocabulary { global = (item.vocabulary, item.vocabulary.terms.map { table.id($0) }) }
                let ids = global!.ids
                let pairs = item.weights.map { (ids[Int($0.key)], $0.value) }.sorted { $0.0 < $1.0 }
                table.addDocument(pairs.map(\.0))
                counts.append(SparseVector(ids: pairs.map(\.0), weights: pairs.map(\.1)))
            }
        }
        let total = Double(max(1, table.documents))
        for index in counts.indices {
            let ids = counts[index].ids
            let weights = ids.indices.map { position in
                counts[index].weights[position] * log(1 + total / Double(max(1, table.documentFrequency[Int(ids[position])])))
            }
            counts[index] = SparseVector(ids: ids, weights: weights).normalized()
        }
        return counts
    }

    /// The terms one piece of work has seen, numbered in the order they first came.
    final class LocalTerms {
        private(set) var terms: [String] = []
        private var ids: [String: Int32] = [:]

        func id(_ term: String) -> Int32 {
            if let id = ids[term] { return id }
            let id = Int32(terms.count)
            ids[term] = id
            terms.append(term)
            return id
        }
    }

    /// Lower-cased words with their boost: 2 for a capitalised word inside a sentence (a name)
    /// or a word with a digit, 1 otherwise.
    static func boostedWords(_ text: String) -> [(String, Double)] {
        boostedWords(parts: [text])
    }

    /// The same for `parts` read as if joined by spaces.
    static func boostedWords(parts: [String]) -> [(String, Double)] {
        parts.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) ? asciiBoostedWords(parts: parts)
            : unicodeBoostedWords(parts.joined(separator: " "))
    }

    static func unicodeBoostedWords(_ text: String) -> [(String, Double)] {
        var result: [(String, Double)] = []
        var sentenceStart = true
        for raw in text.words() {
            let words = Tokenizer.words(String(raw))
            let first = raw.first { $0.isLetter || $0.isNumber }
            let isName = !sentenceStart && (first?.isUppercase ?? false)
            let hasDigit = raw.contains { $0.isNumber }
            for word in words { result.append((word, isName || hasDigit ? 2 : 1)) }
            if let last = raw.last { sentenceStart = ".!?:\"”".contains(last) }
        }
        return result
    }

    /// `boostedWords` on ASCII text, byte by byte: the same chunks between white space, the
    /// same words in them as `Tokenizer.words` makes, without a string per chunk.
    static func asciiBoostedWords(_ text: String) -> [(String, Double)] {
        asciiBoostedWords(parts: [text])
    }

    static func asciiBoostedWords(parts: [String]) -> [(String, Double)] {
        var result: [(String, Double)] = []
        var sentenceStart = true
        var chunkWords: [String] = []
        var current: [UInt8] = []
        var pendingJoiner: UInt8?
        var firstSeen = false, isCapitalised = false, hasDigit = false, last: UInt8 = 0, inChunk = false
        func endWord() {
            if !current.isEmpty { chunkWords.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
            pendingJoiner = nil
        }
        func endChunk() {
            endWord()
            let boost = (!sentenceStart && isCapitalised) || hasDigit ? 2.0 : 1.0
            for word in chunkWords { result.append((word, boost)) }
            chunkWords.removeAll(keepingCapacity: true)
            sentenceStart = [UInt8](".!?:\"".utf8).contains(last)
            firstSeen = false; isCapitalised = false; hasDigit = false; inChunk = false
        }
        func take(_ byte: UInt8) {
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                if inChunk { endChunk() }
                return
            }
            inChunk = true
            last = byte
            let isUpper = byte >= 0x41 && byte <= 0x5A, isLower = byte >= 0x61 && byte <= 0x7A, isDigit = byte >= 0x30 && byte <= 0x39
            if !firstSeen, isUpper || isLower || isDigit {
                firstSeen = true
                isCapitalised = isUpper
            }
            if isDigit { hasDigit = true }
            if isUpper || isLower || isDigit {
                if let joiner = pendingJoiner { current.append(joiner) }
                pendingJoiner = nil
                current.append(isUpper ? byte | 0x20 : byte)
            } else if !current.isEmpty, pendingJoiner == nil, byte == 0x27 || byte == 0x2D {
                pendingJoiner = byte
            } else {
                endWord()
            }
        }
        for (number, part) in parts.enumerated() {
            // The parts are read as if joined by a space.
            if number > 0 { take(0x20) }
            for byte in part.utf8 { take(byte) }
        }
        if inChunk { endChunk() }
        return result
    }

    /// Similarities of the pairs that share a top term and fall inside the window. Postings are
    /// kept in time order, so a dated article only walks the part of each list inside its window
    /// (found by binary search); undated articles are compared with everything.
    func candidatePairs(_ vectors: [SparseVector], items: [Item]) -> [[Pair]] {
        let times = items.map { $0.published?.timeIntervalSince1970 }
        let byTime = items.indices.filter { times[$0] != nil }.sorted { (times[$0]!, $0) < (times[$1]!, $1) }
        let undatedItems = items.indices.filter { times[$0] == nil }
        var top: [[Int32]] = []
        for vector in vectors {
            let order = vector.weights.indices.sorted {
                vector.weights[$0] > vector.weights[$1] || (vector.weights[$0] == vector.weights[$1] && vector.ids[$0] < vector.ids[$1])
            }
            top.append(order.prefix(indexedTerms).map { vector.ids[$0] })
        }
        var dated: [Int32: [Int]] = [:]
        var undated: [Int32: [Int]] = [:]
        for index in byTime { for term in top[index] { dated[term, default: []].append(index) } }
        for index in undatedItems { for term in top[index] { undated[term, default: []].append(index) } }
        // A term shared by more articles than this in one window names a subject, not an event
        // (and comparing all of them would make the cost grow with the square of a busy day).
        let cap = 64
        // Each article's vector is spread over a dense array of the vocabulary once, so that
        // each of its candidates costs one pass over the candidate's terms (no merge of two
        // sorted lists, whose branches the processor cannot predict): the same sums, in the
        // same order.
        let vocabulary = Int(vectors.compactMap { $0.ids.last }.max() ?? -1) + 1
        return parallelMap(vectors.count, makeState: { (shared: [Int: Int](), dense: [Double](repeating: 0, count: vocabulary)) }) { state, index -> [Pair] in
            var shared = state.shared
            state.shared = [:]
            shared.removeAll(keepingCapacity: true)
            defer { state.shared = shared }
            func consider(_ other: Int) {
                if other > index { shared[other, default: 0] += 1 }
            }
            for term in top[index] {
                if let list = undated[term], list.count <= cap { list.forEach(consider) }
                guard let list = dated[term] else { continue }
                if let time = times[index] {
                    // A list all inside the window (a day's briefing inside a two-day story
                    // window, most of the time) needs no search.
                    let whole = times[list[0]]! >= time - window && times[list[list.count - 1]]! < time + window.nextUp
                    let start = whole ? 0 : Self.firstIndex(in: list, times: times, notBefore: time - window)
                    let end = whole ? list.count : Self.firstIndex(in: list, times: times, notBefore: time + window.nextUp)
                    guard end - start <= cap else { continue }
                    list[start..<end].forEach(consider)
                } else if list.count <= cap {
                    list.forEach(consider)
                }
            }
            // Pairs must share this many top terms (one, measured best on DUC 2003; more is faster).
            let needed = min(minimumSharedTerms, top[index].count)
            var pairs: [Pair] = []
            let vector = vectors[index]
            for (id, weight) in zip(vector.ids, vector.weights) { state.dense[Int(id)] = weight }
            defer { for id in vector.ids { state.dense[Int(id)] = 0 } }
            for (other, count) in shared where count >= min(needed, top[other].count) {
                let similarity = vectors[other].dot(dense: state.dense)
                // A pair below the floor can never be in one story (every merge checks it):
                // not kept, it costs no memory (most of a day's pairs are such).
                if similarity >= floor { pairs.append(Pair(other: Int32(other), similarity: Float(similarity))) }
            }
            // In order of the other article: the rows then fill the pair table in order.
            pairs.sort { $0.other < $1.other }
            return pairs
        }
    }

    /// A compared pair, seen from its first article: the other (a later index; indices fit in
    /// 32 bits, a day is read into memory whole) and their cosine. 8 bytes: a day keeps millions.
    struct Pair {
        var other: Int32
        var similarity: Float
    }

    /// The first position in a time-ordered posting list at or after `time`.
    static func firstIndex(in list: [Int], times: [Double?], notBefore time: Double) -> Int {
        list.indices.partitionPoint { times[list[$0]]! >= time }
    }

    /// Average-link agglomeration over the sparse edges (pairs never compared count as 0 in
    /// the averages), merging two clusters only when every cross pair is at least `floor`
    /// alike. The floor is checked when a merge comes up, on the pairs' exact cosines (a pair
    /// the candidate search skipped is computed then), so it costs the product of two stories'
    /// sizes, not of the day's.
    func averageLink(_ pairs: PairTable, vectors: [SparseVector]) -> [Int] {
        let count = pairs.count
        var size = [Int](repeating: 1, count: count)
        var alive = [Bool](repeating: true, count: count)
        var members = (0..<count).map { [$0] }
        var version = [Int](repeating: 0, count: count)
        var heap = MaxHeap()
        // Each merged cluster's similarity sums to its neighbours. A lone article's are its row
        // of the pair table. The sums of a cluster's neighbours are not updated when it merges:
        // their keys are resolved to the current clusters (union-find) when they are read.
        var merged: [Int: [Link]] = [:]
        func links(_ cluster: Int) -> [Link] {
            if let list = merged[cluster] { return list }
            return pairs.neighbours(cluster).map { Link(cluster: $0.id, sum: $0.similarity) }
        }
        // Two lone articles start a story only on stronger evidence than a group needs: one
        // pair's cosine is a noisy estimate, an average over many pairs is not (on a small day,
        // two local items that share the town's and the valley's names reach 0.08).
        let pairThreshold = max(threshold, pairThreshold)
        // Room for exactly the first candidates: stale entries are dropped before it grows.
        heap.reserveCapacity((0..<count).reduce(0) { total, a in
            total + pairs.forward(a).filter { Double(pairs.similarities[$0]) >= pairThreshold }.count
        })
        for a in 0..<count {
            for row in pairs.forward(a) where Double(pairs.similarities[row]) >= pairThreshold {
                heap.push(.init(value: Double(pairs.similarities[row]), a: a, b: Int(pairs.ids[row]), versionA: 0, versionB: 0))
            }
        }
        // Every cross pair at least `floor` alike: a kept pair is; any other is computed.
        func coherent(_ a: Int, _ b: Int) -> Bool {
            for i in members[a] {
                for j in members[b] where !pairs.contains(i, j) && vectors[i].dot(vectors[j]) < floor { return false }
            }
            return true
        }
        var union = UnionFind(count: count)
        while let entry = heap.pop() {
            guard alive[entry.a], alive[entry.b], version[entry.a] == entry.versionA, version[entry.b] == entry.versionB else { continue }
            // Refused pairs come back only when one side changes (a new version).
            guard coherent(entry.a, entry.b) else { continue }
            // Keep the smaller index as the merged cluster, for stable ids (the union's root too).
            let (keep, gone) = (min(entry.a, entry.b), max(entry.a, entry.b))
            alive[gone] = false
            union.union(keep, gone)
            var combined = links(keep) + links(gone)
            for index in combined.indices { combined[index].cluster = Int32(union.find(Int(combined[index].cluster))) }
            combined.sort { $0.cluster < $1.cluster }
            var list: [Link] = []
            list.reserveCapacity(combined.count)
            for link in combined where Int(link.cluster) != keep {
                if let last = list.last, last.cluster == link.cluster { list[list.count - 1].sum += link.sum } else { list.append(link) }
            }
            // Kept at its size, not the room reserved for both sides (a day holds tens of thousands).
            list = list.withUnsafeBufferPointer { Array($0) }
            merged[gone] = nil
            members[keep] += members[gone]
            members[gone] = []
            size[keep] += size[gone]
            version[keep] += 1
            for link in list {
                let other = Int(link.cluster)
                let average = Double(link.sum) / Double(size[keep] * size[other])
                if average >= threshold {
                    // Before the heap grows its storage, the entries that merges made stale go.
                    if heap.isFull {
                        heap.removeAll { !alive[$0.a] || !alive[$0.b] || version[$0.a] != $0.versionA || version[$0.b] != $0.versionB }
                    }
                    heap.push(.init(value: average, a: keep, b: other, versionA: version[keep], versionB: version[other]))
                }
            }
            merged[keep] = list
        }
        // Strays: an article left alone (or with one companion) joins the story it is most like
        // on average when that clears the threshold, floor or not. A stray cannot start a chain:
        // only the small side moves, and stories never merge here.
        // The averages are exact: pairs below the floor were never kept (no merge above could
        // use them), so a stray's pairs with a candidate story are computed again, as the
        // stray's dot product with the sum of the story's vectors; a story with no kept pair to
        // the stray cannot reach the threshold and is not a candidate.
        // The merge candidates are done with: their memory goes before the strays' sums grow.
        heap = MaxHeap()
        let root = (0..<count).map { union.find($0) }
        var candidates: [(story: Int, stray: Int)] = []
        for stray in 0..<count where alive[stray] && size[stray] <= strayLimit {
            for other in Set(links(stray).map { root[Int($0.cluster)] }) where other != stray && alive[other] && size[other] > strayLimit {
                candidates.append((other, stray))
            }
        }
        candidates.sort { ($0.story, $0.stray) < ($1.story, $1.stray) }
        // Each story's candidates in one run; the runs are scored in parallel.
        var runs: [Range<Int>] = []
        var start = 0
        while start < candidates.count {
            var end = start
            while end < candidates.count && candidates[end].story == candidates[start].story { end += 1 }
            runs.append(start..<end)
            start = end
        }
        let averages = parallelMap(runs.count, minimum: 64, makeState: {}) { _, run -> [Double] in
            let story = candidates[runs[run].lowerBound].story
            let sum = SparseVector.sum(members[story].map { vectors[$0] })
            return candidates[runs[run]].map { candidate in
                members[candidate.stray].reduce(0.0) { $0 + vectors[$1].dot(sum) } / Double(size[candidate.stray] * size[story])
            }
        }
        var best: [Int: (story: Int, average: Double)] = [:]
        for (run, scores) in zip(runs, averages) {
            for (candidate, average) in zip(candidates[run], scores) {
                // The highest average; ties go to the first story (stories come in order).
                if average >= strayThreshold, average > best[candidate.stray]?.average ?? -1 { best[candidate.stray] = (candidate.story, average) }
            }
        }
        for (stray, choice) in best { union.union(choice.story, stray) }
        return (0..<count).map { union.find($0) }
    }

    /// A cluster's summed similarity to a neighbouring cluster: 8 bytes (a day's merged
    /// clusters hold millions; single precision keeps the sums of hundreds of cosines to about
    /// seven digits).
    struct Link {
        var cluster: Int32
        var sum: Float
    }
}

/// The kept pairs: each article's pairs with later articles in one flat row sorted by the other's
/// index (compressed sparse rows, 8 bytes a pair), and for each article the positions of the
/// pairs where it is the later one (4 bytes). A pair is looked up by binary search in the
/// earlier article's row. (Both directions in full took 16 bytes a pair, and a dictionary entry
/// on each side some 40.)
struct PairTable {
    private(set) var offsets: [Int]
    private(set) var ids: [Int32]
    private(set) var similarities: [Float]
    private var reverseOffsets: [Int]
    private var reversePositions: [UInt32]

    /// The table of `count` articles' pairs at least `minimum` alike, from each article's pairs
    /// with later ones; each row is let go as soon as it is placed.
    init(count: Int, rows: consuming [[StoryClusterer.Pair]], minimum: Double) {
        let minimum = Float(minimum)
        var offsets = [Int](repeating: 0, count: count + 1)
        var reverseOffsets = [Int](repeating: 0, count: count + 1)
        for (article, row) in rows.enumerated() {
            for pair in row where pair.similarity >= minimum {
                offsets[article + 1] += 1
                reverseOffsets[Int(pair.other) + 1] += 1
            }
        }
        for index in 0..<count {
            offsets[index + 1] += offsets[index]
            reverseOffsets[index + 1] += reverseOffsets[index]
        }
        // At most 2,048 pairs an article (32 indexed terms, 64 postings each): positions fit in 32 bits.
        var ids: [Int32] = [], similarities: [Float] = []
        ids.reserveCapacity(offsets[count])
        similarities.reserveCapacity(offsets[count])
        var reversePositions = [UInt32](repeating: 0, count: reverseOffsets[count])
        var nextReverse = reverseOffsets
        for article in 0..<count {
            // Rows sorted by the other article, as the candidate search makes them; any other
            // order is sorted here.
            var row = rows[article].filter { $0.similarity >= minimum }
            rows[article] = []
            // The rows placed so far go back to the system as the table fills: they were made
            // on worker threads, whose memory the table cannot reuse, and both at once were the
            // peak of a day's briefing.
            if article % 4096 == 4095 { FreedMemory.release() }
            if !zip(row, row.dropFirst()).allSatisfy({ $0.other < $1.other }) { row.sort { $0.other < $1.other } }
            for pair in row {
                let other = Int(pair.other)
                reversePositions[nextReverse[other]] = UInt32(ids.count)
                nextReverse[other] += 1
                ids.append(pair.other)
                similarities.append(pair.similarity)
            }
        }
        self.offsets = offsets
        self.ids = ids
        self.similarities = similarities
        self.reverseOffsets = reverseOffsets
        self.reversePositions = reversePositions
    }

    /// The number of articles.
    var count: Int { offsets.count - 1 }

    /// The positions of `article`'s pairs with later articles.
    func forward(_ article: Int) -> Range<Int> { offsets[article]..<offsets[article + 1] }

    /// All of `article`'s pairs, by the other's index.
    func neighbours(_ article: Int) -> [(id: Int32, similarity: Float)] {
        // Earlier articles' rows were placed in order, so these come by the other's index.
        let earlier = reversePositions[reverseOffsets[article]..<reverseOffsets[article + 1]].map { position in
            (id: Int32(row(of: Int(position))), similarity: similarities[Int(position)])
        }
        return earlier + forward(article).map { (id: ids[$0], similarity: similarities[$0]) }
    }

    /// The article whose row holds `position`.
    private func row(of position: Int) -> Int {
        (0..<count).partitionPoint { offsets[$0 + 1] > position }
    }

    /// Whether the pair was kept.
    func contains(_ a: Int, _ b: Int) -> Bool {
        let (first, second) = (min(a, b), max(a, b))
        let target = Int32(second)
        let position = forward(first).partitionPoint { ids[$0] >= target }
        return position < offsets[first + 1] && ids[position] == target
    }
}

/// A binary max-heap of candidate merges; ties by the pair's indices, so merging is deterministic.
struct MaxHeap {
    /// 24 bytes: a day's heap holds millions. Versions count a cluster's merges, fewer than
    /// its items.
    struct Entry {
        var value: Double
        private var pair: (Int32, Int32)
        private var versions: (Int32, Int32)

        init(value: Double, a: Int, b: Int, versionA: Int, versionB: Int) {
            self.value = value
            pair = (Int32(a), Int32(b))
            versions = (Int32(versionA), Int32(versionB))
        }

        var a: Int { Int(pair.0) }
        var b: Int { Int(pair.1) }
        var versionA: Int { Int(versions.0) }
        var versionB: Int { Int(versions.1) }

        func beats(_ other: Entry) -> Bool {
            if value != other.value { return value > other.value }
            return pair < other.pair
        }
    }

    private var entries: [Entry] = []

    mutating func reserveCapacity(_ capacity: Int) {
        entries.reserveCapacity(capacity)
    }

    /// Whether the next push makes the storage grow.
    var isFull: Bool { entries.count == entries.capacity }

    /// Removes the entries `stale` says, keeping the heap's order (Floyd's bottom-up build).
    mutating func removeAll(where stale: (Entry) -> Bool) {
        entries.removeAll(where: stale)
        guard entries.count > 1 else { return }
        for start in stride(from: entries.count / 2 - 1, through: 0, by: -1) { siftDown(start) }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < entries.count, entries[left].beats(entries[best]) { best = left }
            if right < entries.count, entries[right].beats(entries[best]) { best = right }
            if best == parent { return }
            entries.swapAt(parent, best)
            parent = best
        }
    }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].beats(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let first = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            siftDown(0)
        }
        return first
    }
}

extension Range where Bound == Int {
    /// The first position where `isAtOrAfter` holds (`upperBound` when it never does), found by
    /// binary search: the predicate must be false, then true, along the range.
    func partitionPoint(_ isAtOrAfter: (Int) -> Bool) -> Int {
        var low = lowerBound, high = upperBound
        while low < high {
            let middle = low + (high - low) / 2
            if isAtOrAfter(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
