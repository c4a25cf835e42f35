import CStemmer

/// Snowball stemming through libstemmer, the reference implementations of Martin Porter's
/// Snowball stemmers ("running" → "run", "Häuser" → "haus", "новостями" → "новост").
///
/// A stemmer holds C state and is not safe to share between threads: make one per task.
public final class Stemmer {
    private let handle: OpaquePointer
    /// The Snowball algorithm name ("english", "german", "russian", …).
    public let algorithm: String

    /// A stemmer for a language given by ISO 639-1 code or Snowball name; nil when libstemmer has none.
    public init?(language: String) {
        let code = language.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        let name = Self.names[code] ?? code
        guard let handle = sb_stemmer_new(name, "UTF_8") else { return nil }
        self.handle = handle
        algorithm = name
    }

    deinit {
        sb_stemmer_delete(handle)
    }

    /// ISO 639-1 codes of the languages Snowball stems, to its algorithm names.
    static let names: [String: String] = [
        "en": "english", "de": "german", "fr": "french", "es": "spanish", "it": "italian", "pt": "portuguese",
        "nl": "dutch", "ru": "russian", "sv": "swedish", "no": "norwegian", "nb": "norwegian", "da": "danish",
        "fi": "finnish", "hu": "hungarian", "ro": "romanian", "tr": "turkish", "ar": "arabic", "el": "greek",
        "id": "indonesian", "ga": "irish", "lt": "lithuanian", "ne": "nepali", "sr": "serbian", "ta": "tamil",
        "ca": "catalan", "eu": "basque", "hy": "armenian", "yi": "yiddish", "hi": "hindi",
        // Snowball has no Ukrainian; its Russian rules take off the endings the two languages share.
        "uk": "russian",
    ]

    /// Stems already computed: news repeats its words, and a lookup is cheaper than stemming.
    private var memo: [String: String] = [:]

    /// The stem of a lower-cased word.
    public func stem(_ word: String) -> String {
        if let known = memo[word] { return known }
        let stem = computeStem(word)
        if memo.count < 50_000 { memo[word] = stem }
        return stem
    }

    private func computeStem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { buffer -> String in
            guard let base = buffer.baseAddress, let result = sb_stemmer_stem(handle, base, Int32(buffer.count)) else {
                return String(decoding: buffer, as: UTF8.self)
            }
            return String(decoding: UnsafeBufferPointer(start: result, count: Int(sb_stemmer_length(handle))), as: UTF8.self)
        }
    }
}
