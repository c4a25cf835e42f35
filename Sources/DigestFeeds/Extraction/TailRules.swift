import Foundation

extension ExtractionRules {
    /// Headings that open the part of a page after its article: related links, comments,
    /// sharing, newsletters (trafilatura's and jusText's boilerplate cues, in the languages of
    /// the feeds we read). Matched on a short line's start, case and punctuation aside.
    static let tailHeadings = [
        "related", "read more", "read also", "also read", "more from", "more on this", "more stories", "you may also like",
        "you might also like", "recommended for you", "comments", "leave a reply", "leave a comment", "share this", "subscribe to",
        "sign up for", "join our newsletter", "this entry was posted", "filed under", "tags", "more like this",
        "popular posts", "recent posts",
        "auch interessant", "das könnte sie auch interessieren", "das könnte dich auch interessieren", "weitere artikel",
        "ähnliche beiträge", "ähnliche artikel", "verwandte artikel", "mehr zum thema", "zum weiterlesen", "schon gelesen",
        "kommentare", "kommentar schreiben", "beiträge zum thema", "neueste artikel", "abonniere unseren newsletter",
        "den artikel teilen", "artikel teilen", "war der artikel nützlich", "möchten sie den artikel teilen", "weiterlesen",
        "weitere beiträge", "weitere beiträge zum thema", "lesen sie auch", "siehe auch", "schlagwörter", "beliebte beiträge",
        "neueste beiträge",
        "à lire aussi", "lire aussi", "sur le même sujet", "articles similaires", "commentaires", "partager cet article",
        "lea también", "lee también", "notas relacionadas", "noticias relacionadas", "te puede interesar", "artículos relacionados",
        "comentarios", "leggi anche", "articoli correlati", "commenti", "leia também", "veja também", "notícias relacionadas",
    ]

    /// Whether a line is one of those headings on its own ("Comments", "Comments (12)",
    /// "Related articles:"): a heading followed by words ("Related: Chicago is…") is a link
    /// inside the article.
    static func opensTail(_ text: String) -> Bool {
        // Long paragraphs are never headings: decided on the byte count, before any copy.
        guard text.utf8.count <= 120 else { return false }
        var line = normalizedLine(text)
        guard !line.isEmpty, line.count <= 60 else { return false }
        // A count after the heading: "comments (12)", "kommentare 3".
        line = line.trimmingCharacters(in: counts)
        return tailHeadings.contains { line == $0 }
    }

    /// Whether a short line only points to another article ("Read more: Title", "Lea también: …").
    static func pointsElsewhere(_ text: String) -> Bool {
        guard text.utf8.count <= 240 else { return false }
        let line = normalizedLine(text)
        guard line.split(separator: " ").count <= 16 else { return false }
        return pointers.contains { line.hasPrefix($0) } || pointerHeadings.contains(line)
    }

    /// The openings of a line that links to another article ("Lea más: …", "PUEDES VER: …").
    static let pointers = [
        "read more:", "read also:", "also read:", "see also:", "related:", "lea también:", "lee también:", "lea más:", "lea:",
        "mire:", "le puede interesar:", "puedes ver:", "te puede interesar:", "ver también:", "vea también:", "ver más:",
        "lire aussi:", "à lire aussi:", "lisez aussi:", "mehr dazu:", "lesen sie auch:", "siehe auch:", "mehr zum thema:",
        "leggi anche:", "leia também:", "leia mais:", "veja também:",
    ]

    /// The same words as a line of their own, the link on the next line.
    static let pointerHeadings: Set<String> = ["read more", "read also", "also read", "lea también", "lee también", "lea más",
                                               "à lire aussi", "lire aussi", "lesen sie auch", "leggi anche", "leia também", "leia mais"]

    private static let edges = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "»›>•–—-|?!"))
    private static let counts = CharacterSet(charactersIn: "0123456789()[] :")

    private static func normalizedLine(_ text: String) -> String {
        text.lowercased().trimmingCharacters(in: edges).replacingOccurrences(of: " :", with: ":")
    }
}
