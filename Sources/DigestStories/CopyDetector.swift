import DigestText

/// Finds copies: the same article published more than once (a wire story carried by several
/// outlets, lightly edited, re-headlined, with sentences reworded).
///
/// Each text becomes the set of its 5-character shingles (letters and digits, lower case, one
/// space between words). Sets are sketched with one-permutation MinHash (Li, Owen & Zhang 2012,
/// "One Permutation Hashing") made dense by rotation (Shrivastava 2017): every shingle is hashed
/// once, so sketching costs one pass over the text, not one per hash function as classic
/// MinHash (Broder 1997) does. Locality-sensitive hashing over bands of the sketch (Indyk &
/// Motwani 1998) proposes pairs; each proposed pair is verified exactly — the Jaccard
/// similarity of the two shingle sets, or their containment when one text is a shortened copy
/// of the other — so LSH only decides which pairs are looked at, never which are copies.
public struct CopyDetector: Sendable {
    /// Jaccard similarity at or above which two texts are copies.
    public var threshold: Double
    /// Containment (the shorter text's shingles found in the longer) at or above which a
    /// shortened copy is still a copy.
    public var containment: Double
    /// Sketch size and LSH bands (rows = sketch size / bands).
    public var sketchSize = 128
    public var bands = 32

    /// Creates a detector.
    public init(threshold: Double = 0.5, containment: Double = 0.8) {
        self.threshold = threshold
        self.containment = containment
    }

    /// Groups of copies: for each text, the index of the first text of its group.
    public func groups(_ texts: [String]) -> [Int] {
        groups(count: texts.count) { texts[$0] }
    }

    /// The same for `count` texts made by `text` when they are read (each is read two or three
    /// times, on several threads at once), so that a day's texts need not all be held.
    public func groups(count: Int, text: (Int) -> String) -> [Int] {
        // Every text is sketched; the exact shingle sets (twelve kilobytes for a long article,
        // 600 MB for a day of 60,000) are made afterwards, in 32-bit hashes, only for the texts
        // that some proposed pair needs. One pass over each text makes what is kept of its
        // sketch — its band keys and 16 bits of each position for the agreement estimate
        // (b-bit minwise hashing: Li & König 2010; two positions agree by accident once in
        // 65,536), half a kilobyte where the sketch took one — and the key of its opening words.
        let rows = sketchSize / bands
        var read = parallelMap(count, makeState: {}) { _, index in
            let text = text(index)
            let sketch = sketch(normalized: Self.normalized(text))
            // An empty text's sketch has every bin empty: it is in no band.
            let keys: [UInt64]? = sketch.contains { $0 != .max } ? (0..<bands).map { band in
                var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(band + 1)
                for row in 0..<rows { hash = Self.mix(hash ^ sketch[band * rows + row]) }
                return hash
            } : nil
            return (keys: keys, fingerprint: sketch.map { UInt16(truncatingIfNeeded: $0) }, opening: Self.openingKey(text))
        }
        let sketches = read.map(\.fingerprint), openingKeys = read.map(\.opening)
        var bandKeys = read.map(\.keys)
        read = []
        var proposed: [[Int]] = []
        for band in 0..<bands {
            var buckets: [UInt64: [Int]] = [:]
            for (index, keys) in bandKeys.enumerated() {
                guard let keys else { continue }
                buckets[keys[band], default: []].append(index)
            }
            proposed += buckets.values.filter { $0.count > 1 }
        }
        // The band keys have said what they had to: their memory goes before the exact sets'.
        bandKeys = []
        // A shortened copy (a wire story cut after its first paragraphs) shares too few shingles
        // for the bands to meet it, but it keeps the original's opening: texts that open with the
        // same words are proposed too.
        var openings: [UInt64: [Int]] = [:]
        for (index, key) in openingKeys.enumerated() {
            guard let key else { continue }
            openings[key, default: []].append(index)
        }
        let opened = openings.values.filter { $0.count > 1 }
        // The exact sets are made, in parallel, for the texts that a bucket pairs with a
        // plausible partner (sketches agreeing enough, or the same opening); on a busy day most
        // proposed texts have none. A set that the checks need beyond these is made then.
        var likely = [Bool](repeating: false, count: count)
        for members in proposed {
            for member in members where !likely[member] {
                for other in members.prefix(Self.pivots + 1) where other != member && plausible(sketches[member], sketches[other]) {
                    likely[member] = true
                    likely[other] = true
                    break
                }
            }
        }
        for members in opened { for member in members { likely[member] = true } }
        let needed = likely.indices.filter { likely[$0] }
        let made = parallelMap(needed.count, makeState: {}) { _, position in Self.exactShingles(text(needed[position])) }
        var exact = Dictionary(uniqueKeysWithValues: zip(needed, made))
        func shingles(_ index: Int) -> [UInt32] {
            if let made = exact[index] { return made }
            let made = Self.exactShingles(text(index))
            exact[index] = made
            return made
        }
        var sets = UnionFind(count: count)
        for members in proposed { verify(members, &sets, shingles, sketches: sketches) }
        for members in opened { verify(members, &sets, shingles, sketches: nil) }
        return (0..<count).map { sets.find($0) }
    }

    /// Checks the members of one bucket. Each is compared with the first `pivots` members that
    /// head different groups, not with every other member: copies of one article (however
    /// many outlets carry it) join through any one of them, and a bucket crowded by texts that
    /// merely share common phrases costs linear, not quadratic, time.
    /// With `sketches`, a pair whose sketches agree in fewer than `threshold` − 0.2 of their
    /// positions (a MinHash estimate of the Jaccard similarity) is rejected without the exact test.
    private func verify(_ members: [Int], _ sets: inout UnionFind, _ shingles: (Int) -> [UInt32], sketches: [[UInt16]]?) {
        var heads: [Int] = []
        for member in members {
            if heads.contains(where: { sets.find($0) == sets.find(member) }) { continue }
            if let head = heads.first(where: { head in
                (sketches.map { plausible($0[head], $0[member]) } ?? true) && isCopy(shingles(head), shingles(member))
            }) {
                sets.union(head, member)
            } else if heads.count < Self.pivots {
                heads.append(member)
            }
        }
    }

    /// Whether two sketches agree in at least `threshold` − 0.2 of their positions (a MinHash
    /// estimate of the Jaccard similarity): a pair below is rejected without the exact test.
    func plausible(_ a: [UInt16], _ b: [UInt16]) -> Bool {
        let agreement = Int((threshold - 0.2) * Double(sketchSize))  // range-checked: both are the detector's own constants
        var equal = 0
        for position in 0..<sketchSize where a[position] == b[position] { equal += 1 }
        return equal >= agreement
    }

    /// Members of a bucket every other member is compared with.
    static let pivots = 8

    /// Words of a text's opening that propose a shortened copy.
    static let openingWords = 25

    /// The exact test on two sorted shingle sets.
    func isCopy<Hash: FixedWidthInteger>(_ a: [Hash], _ b: [Hash]) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        var i = 0, j = 0, shared = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        let jaccard = Double(shared) / Double(a.count + b.count - shared)
        let contained = Double(shared) / Double(min(a.count, b.count))
        return jaccard >= threshold || (contained >= containment && min(a.count, b.count) >= 50)
    }

    /// The hash of a text's first `openingWords` words; nil for a shorter text.
    static func openingKey(_ text: String) -> UInt64? {
        // Read from the text's start: words never span white space, so a prefix cut at white
        // space holds the same first words as the whole text.
        let utf8 = text.utf8
        var words: [String] = []
        if utf8.count > openingWords * 40,
           let cut = utf8.dropFirst(openingWords * 30).firstIndex(where: { $0 == 0x20 || $0 == 0x0A }) {
            words = Tokenizer.words(String(text[..<cut]))
        }
        if words.count < openingWords { words = Tokenizer.words(text) }
        guard words.count >= openingWords else { return nil }
        return fnv(ArraySlice(words.prefix(openingWords).joined(separator: " ").utf8))
    }

    /// The same set for the exact test, each hash folded to 32 bits (two shingles of a pair of
    /// texts collide about once in four billion; half the memory).
    static func exactShingles(_ text: String) -> [UInt32] {
        var hashes: [UInt32] = []
        forEachShingle(normalized(text)) { hashes.append(UInt32(truncatingIfNeeded: $0 ^ ($0 >> 32))) }
        return sortedDistinct(hashes)
    }

    /// Sorted in place and each value once (no hash set: a day sorts millions).
    static func sortedDistinct(_ values: [UInt32]) -> [UInt32] {
        var values = radixSorted(values)
        guard values.count > 1 else { return values }
        var kept = 1
        for index in 1..<values.count where values[index] != values[kept - 1] {
            values[kept] = values[index]
            kept += 1
        }
        // A new array of the exact size: the hashes' array had room for every repeat, and a
        // day holds tens of thousands of these sets at once.
        return Array(values[..<kept])
    }

    /// `values` in ascending order by least-significant-digit radix sort, a byte at a time
    /// (four counting passes; a comparison sort was a twentieth of a day's briefing).
    static func radixSorted(_ values: [UInt32]) -> [UInt32] {
        var source = values
        var target = [UInt32](repeating: 0, count: values.count)
        for shift in stride(from: 0, to: 32, by: 8) {
            var counts = [Int](repeating: 0, count: 257)
            for value in source { counts[Int((value >> UInt32(shift)) & 0xFF) + 1] += 1 }
            for digit in 0..<256 { counts[digit + 1] += counts[digit] }
            for value in source {
                let digit = Int((value >> UInt32(shift)) & 0xFF)
                target[counts[digit]] = value
                counts[digit] += 1
            }
            swap(&source, &target)
        }
        return source
    }

    /// Calls `body` with the hash of each 5-byte shingle of `normalized` (repeats included); a
    /// text shorter than a shingle is one.
    static func forEachShingle(_ normalized: [UInt8], _ body: (UInt64) -> Void) {
        guard normalized.count >= 5 else {
            if !normalized.isEmpty { body(fnv(normalized[...])) }
            return
        }
        normalized.withUnsafeBufferPointer { bytes in
            for start in 0...(bytes.count - 5) {
                var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                for offset in start..<(start + 5) {
                    hash ^= UInt64(bytes[offset])
                    hash = hash &* 0x100_0000_01B3
                }
                body(hash)
            }
        }
    }

    /// The text as shingles read it: letters and digits, lower case, one space between words.
    static func normalized(_ text: String) -> [UInt8] {
        var normalized: [UInt8] = []
        normalized.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII, byte by byte: what lowercasing and the scalar tests below do to it.
            for byte in text.utf8 {
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                    if pendingSpace && !normalized.isEmpty { normalized.append(0x20) }
                    pendingSpace = false
                    normalized.append(lower)
                } else {
                    pendingSpace = true
                }
            }
            return normalized
        }
        for scalar in text.lowercased().unicodeScalars {
            let value = scalar.value
            let isWordCharacter = value < 0x80
                ? (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39)
                : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWordCharacter {
                if pendingSpace && !normalized.isEmpty { normalized.append(0x20) }
                pendingSpace = false
                normalized.append(contentsOf: String(scalar).utf8)
            } else {
                pendingSpace = true
            }
        }
        return normalized
    }

    /// One-permutation MinHash with rotation densification: the sketch of a normalized text,
    /// straight from its shingles' hashes (a minimum per bin
    /// needs neither order nor distinct values).
    func sketch(normalized: [UInt8]) -> [UInt64] {
        var bins = [UInt64](repeating: .max, count: sketchSize)
        let size = UInt64(sketchSize)
        Self.forEachShingle(normalized) { shingle in
            let hashed = Self.mix(shingle)
            let bin = Int(hashed % size)
            let value = hashed / size
            if value < bins[bin] { bins[bin] = value }
        }
        return densified(bins)
    }

    /// Empty bins filled by rotation.
    private func densified(_ bins: [UInt64]) -> [UInt64] {
        guard bins.contains(where: { $0 != .max }) else { return bins }
        // An empty bin borrows from the next non-empty one to its right, with an offset so
        // that borrowed values do not collide by accident.
        var dense = bins
        for bin in 0..<sketchSize where bins[bin] == .max {
            var distance = 1
            while bins[(bin + distance) % sketchSize] == .max { distance += 1 }
            dense[bin] = Self.mix(bins[(bin + distance) % sketchSize] &+ UInt64(distance) &* 0x9E37_79B9_7F4A_7C15)
        }
        return dense
    }

    static func fnv(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        return hash
    }

    /// SplitMix64's finaliser: a fast, well-mixed 64-bit hash of a 64-bit value.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Disjoint sets with path halving; the smallest index of a set is its root, so group ids
/// follow input order.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) {
        parent = Array(0..<count)
    }

    mutating func find(_ element: Int) -> Int {
        var current = element
        while parent[current] != current {
            parent[current] = parent[parent[current]]
            current = parent[current]
        }
        return current
    }

    mutating func union(_ a: Int, _ b: Int) {
        let rootA = find(a), rootB = find(b)
        guard rootA != rootB else { return }
        parent[max(rootA, rootB)] = min(rootA, rootB)
    }
}
