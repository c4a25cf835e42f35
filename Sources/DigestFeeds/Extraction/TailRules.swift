import DigestText
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
        "neueste beiträge", "verwandte beiträge",
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
        var line = normalizedLine(text.lowercased())
        guard !line.isEmpty, line.count <= 60 else { return false }
        // A count after the heading: "comments (12)", "kommentare 3".
        line = trim(line) { counts.contains($0) }
        return tailHeadings.contains { line == $0 }
    }

    /// Whether a short line only points to another article ("Read more: Title", "Lea también: …").
    static func pointsElsewhere(_ text: String, lower: String? = nil) -> Bool {
        guard text.utf8.count <= 240 else { return false }
        let line = normalizedLine(lower ?? text.lowercased())
        guard line.split(separator: " ").count <= 16 else { return false }
        return pointers.contains { line.hasPrefix($0) } || pointerHeadings.contains(line)
    }

    /// The openings of a line that links to another article ("Lea más: …", "PUEDES VER: …").
    static let pointers = [
        "read more:", "read also:", "also read:", "see also:", "related:", "lea también:", "lee también:", "lea más:", "lea:",
        "mire:", "mira:", "le puede interesar:", "puedes ver:", "te puede interesar:", "ver también:", "vea también:", "ver más:",
        "lire aussi:", "à lire aussi:", "lisez aussi:", "mehr dazu:", "lesen sie auch:", "siehe auch:", "mehr zum thema:",
        "leggi anche:", "leia também:", "leia mais:", "veja também:", "this entry was posted", "mehr zum thema auf",
        // A post's filing: "Category: Press Releases", "Kategorie: News".
        "category:", "categories:", "kategorie:", "kategorien:", "catégorie:", "categoría:", "categoria:",
    ]

    /// The same words as a line of their own, the link on the next line.
    static let pointerHeadings: Set<String> = ["read more", "read also", "also read", "lea también", "lee también", "lea más",
                                               "à lire aussi", "lire aussi", "lesen sie auch", "leggi anche", "leia também", "leia mais"]

    private static let edgeMarks = Set("»›>•–—-|?!".unicodeScalars)
    private static func isEdge(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace || edgeMarks.contains(scalar) }
    private static let counts = Set("0123456789()[] :".unicodeScalars)

    /// `text` without the scalars at either end that `drop` names (Foundation's trimming, without
    /// its bridging: these run on every short line of every page).
    static func trim(_ text: String, where drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !drop($0) }), let end = scalars.lastIndex(where: { !drop($0) }) else { return "" }
        return String(scalars[start...end])
    }

    /// White space or punctuation (Unicode's P categories), as Foundation's sets say.
    static func isSpaceOrPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isWhitespace { return true }
        switch properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
             .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// A lower-cased line without the marks around it, " :" closed up.
    private static func normalizedLine(_ lower: String) -> String {
        let line = trim(lower, where: isEdge)
        return line.contains(" :") ? line.replacingOccurrences(of: " :", with: ":") : line
    }
}

extension ExtractionRules {
    /// Whether a short paragraph is only a time stamp ("19:49", "23.10.2018", "Erstellt am
    /// Dienstag, 6. Mai 2014", "Updated March 3, 2021 at 5:40 pm"): metadata the page prints,
    /// not article text. It must hold a date or a clock time; a bare year ("1989", a timeline's
    /// heading) is not one.
    static func isTimestamp(_ text: String, lower: String? = nil) -> Bool {
        guard text.utf8.count <= 80, text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        var dated = false
        var numbered = false
        for piece in (lower ?? text.lowercased()).split(whereSeparator: { !($0.isLetter || $0.isNumber || ":./-".contains($0)) }) {
            let word = trim(String(piece)) { $0 == "." || $0 == "-" || $0 == "/" }
            guard !word.isEmpty else { continue }
            if word.allSatisfy(\.isNumber) {
                numbered = true
            } else if isClockOrDate(word) {
                dated = true
            } else if monthNames.contains(word) || monthNames.contains(trim(word) { $0 == ":" }) {
                dated = true
            } else if !stampWords.contains(trim(word) { $0 == ":" }) {
                return false
            }
        }
        return dated && (numbered || text.contains(where: \.isNumber))
    }

    /// "19:49", "5:40", "23.10.2018", "2021-03-03", "3/3/21": digits in groups joined by one
    /// kind of separator.
    private static func isClockOrDate(_ text: String) -> Bool {
        // "2:20pm", "9.30am"
        var word = Substring(text)
        if word.hasSuffix("am") || word.hasSuffix("pm") { word = word.dropLast(2) }
        for separator: Character in [":", ".", "/", "-"] where word.contains(separator) {
            let groups = word.split(separator: separator, omittingEmptySubsequences: false)
            guard (2...3).contains(groups.count),
                  groups.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isNumber) }) else { return false }
            return separator == ":" ? groups.count == 2 || groups.count == 3 : groups.count == 3
        }
        return false
    }

    /// Month names and their abbreviations, whole: English, German, French, Spanish, Italian,
    /// Portuguese, Dutch, and Polish in the genitive that dates use.
    static let monthNames: Set<String> = Set(DateWords.months.keys).union([
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december", "sept",
        "januar", "jänner", "februar", "märz", "juni", "juli", "oktober", "dezember",
        "janvier", "février", "mars", "avril", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
        "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre",
        "janeiro", "fevereiro", "março", "maio", "junho", "julho", "setembro", "outubro", "novembro", "dezembro",
        "januari", "februari", "maart", "augustus",
        "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października",
        "listopada", "grudnia",
    ])

    /// Words a time stamp is written with besides numbers and months: day names, "published",
    /// "updated", "at", "Uhr" in the languages above.
    static let stampWords: Set<String> = DateWords.dayNames.union([
        "published", "updated", "posted", "created", "release", "date", "news", "last", "modified", "on", "at", "am", "pm", "a.m", "p.m", "gmt", "utc", "cet", "cest", "et",
        "veröffentlicht", "aktualisiert", "erstellt", "zuletzt", "datum", "um", "uhr", "montag", "dienstag", "mittwoch", "donnerstag",
        "freitag", "samstag", "sonntag", "publié", "mis", "jour", "le", "à", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
        "samedi", "dimanche", "publicado", "actualizado", "el", "de", "del", "a", "las", "lunes", "martes", "miércoles", "jueves",
        "viernes", "sábado", "domingo", "pubblicato", "aggiornato", "il", "alle", "ore", "opublikowano", "aktualizacja", "dnia",
        "h",
    ])

    /// Whether a short paragraph is a picture credit ("Foto: dpa", "Bild: Werk/Christian
    /// Houdek", "© Agency / Photographer: …"), which pages print under or over the image.
    static func isPictureCredit(_ text: String, lower: String? = nil) -> Bool {
        guard text.utf8.count <= 120 else { return false }
        let line = trim(lower ?? text.lowercased()) { $0.properties.isWhitespace }
        if line.contains("©") { return true }
        return creditOpenings.contains { line.hasPrefix($0) } || isAgencyCredit(text) || isNewsletterCall(text)
    }

    /// Whether a short paragraph is a picture agency's credit ("Getty Images", "aja/PAP",
    /// "TebNad/Shutterstock.com"): a few words, one of them an agency's name.
    static func isAgencyCredit(_ text: String) -> Bool {
        guard text.utf8.count <= 60 else { return false }
        let words = Tokenizer.words(text)
        guard words.count <= 5 else { return false }
        return words.contains { pictureAgencies.contains($0) }
            || (words.count <= 4 && words.contains("getty") && words.contains("images"))
    }

    static let pictureAgencies: Set<String> = ["shutterstock", "istock", "istockphoto", "imago", "dpa", "afp", "reuters", "pap",
                                               "unsplash", "pixabay", "depositphotos", "keystone", "epa", "ansa", "efe"]

    /// Whether a short line asks the reader to subscribe to a newsletter ("Join our
    /// Newsletter", "Abonniere unseren Newsletter").
    static func isNewsletterCall(_ text: String) -> Bool {
        guard text.utf8.count <= 80 else { return false }
        let words = Tokenizer.words(text)
        return words.count <= 8 && words.contains { $0 == "newsletter" || $0 == "newsletters" }
    }

    static let creditOpenings = ["foto:", "fotos:", "bild:", "bilder:", "fotograf:", "photo:", "photos:", "image:", "picture:",
                                 "photograph:", "credit:", "photo credit:", "image credit:", "crédit photo:", "crédit:", "(c) ",
                                 "foto ", "photo by ", "bild via", "zdjęcie:", "fot.", "beitragsbild", "titelbild:", "symbolbild"]
}

extension ExtractionRules {
    /// Whether a line is the furniture of a comment section ("Comments are closed.", "Leave a
    /// reply", "12 Kommentare"), wherever it stands: on a short post the thread's own lines
    /// come before two fifths of the text, where `opensTail` does not look.
    static func isCommentFurniture(_ text: String, lower: String? = nil) -> Bool {
        guard text.utf8.count <= 60 else { return false }
        let line = trim(lower ?? text.lowercased(), where: isSpaceOrPunctuation)
        if commentLines.contains(line) { return true }
        // A count and the word: "0 comments", "12 Kommentare", "Kommentare (3)".
        let words = Tokenizer.words(line)
        return words.count == 2 && words.contains(where: { $0.allSatisfy(\.isNumber) })
            && words.contains(where: { commentWords.contains($0) })
    }

    static let commentLines: Set<String> = [
        "comments are closed", "comments closed", "leave a comment", "leave a reply", "no comments", "no comments yet",
        "add a comment", "post a comment", "write a comment", "kommentare geschlossen", "kommentare sind geschlossen",
        "kommentare schreiben", "kommentar schreiben", "kommentar verfassen", "schreibe einen kommentar",
        "commentaires fermés", "laisser un commentaire", "deja un comentario", "dejar un comentario", "comentarios cerrados",
        "lascia un commento", "commenti chiusi", "deixe um comentário", "comentários encerrados",
    ]

    static let commentWords: Set<String> = ["comment", "comments", "kommentar", "kommentare", "commentaire", "commentaires",
                                            "comentario", "comentarios", "commento", "commenti", "comentário", "comentários"]
}

extension ExtractionRules {
    /// Whether a line is an advertising label or the line that skips one ("Advertisement",
    /// "Anzeige", "Reklama", "Story continues below advertisement"), or a button's label
    /// ("Enlarge image", "Rezept drucken").
    static func isAdLabel(_ text: String, lower: String? = nil) -> Bool {
        guard text.utf8.count <= 60 else { return false }
        let line = trim(lower ?? text.lowercased(), where: isSpaceOrPunctuation)
        return adLabels.contains(line)
    }

    static let adLabels: Set<String> = [
        "advertisement", "advertisements", "advertising", "ad", "sponsored", "sponsored content", "paid content",
        "story continues below advertisement", "article continues below advertisement", "continue reading below",
        "article continues below", "anzeige", "werbung", "weiter nach der anzeige", "artikel wird nach der anzeige fortgesetzt",
        "publicidad", "publicité", "pubblicità", "publicidade", "reklama", "реклама",
        // The labels of buttons that a page's text runs through.
        "enlarge image", "enlarge this image", "click to enlarge", "zum vergrößern auf das bild klicken", "bild vergrößern",
        "bild anzeigen", "print", "drucken", "rezept drucken", "print recipe", "print this page", "artikel drucken",
        "jump to recipe", "zum rezept springen",
    ]
}

extension ExtractionRules {
    /// Whether a short paragraph asks the reader to do something for the site rather than
    /// report anything: "Follow The Gleaner on Twitter", "Get the latest news straight to your
    /// phone with our app", "Subscribe now to our e-edition for the full story", "¡Mira lo que
    /// tiene nuestro canal de YouTube!". Either it opens with such a call, or it speaks of the
    /// site's own ("our", "unser", "nuestro") app, channel, newsletter, shop or support.
    static func isCallToAction(_ text: String, lower: String? = nil) -> Bool {
        guard text.utf8.count <= 220 else { return false }
        let line = lower ?? text.lowercased()
        let trimmed = trim(line) { $0.properties.isWhitespace || "¡¿*»>-–".unicodeScalars.contains($0) }
        if callOpenings.contains(where: { trimmed.hasPrefix($0) }) { return true }
        // Most lines have no "our": looked for in the bytes first, without making words.
        let ownWord = line.utf8.split(whereSeparator: { !isWordByte($0) }).contains { word in
            siteOwnBytes.contains { word.elementsEqual($0) }
        }
        guard ownWord else { return false }
        // "Fan-Shop", "e-edition": the parts of a hyphenated word count on their own.
        let words = Tokenizer.words(line).flatMap { $0.split(separator: "-").map(String.init) }
        return words.contains(where: callObjects.contains)
    }

    static let callOpenings = [
        "follow us", "follow the ", "subscribe now", "subscribe to", "subscribe for", "sign up for", "sign up to", "download our",
        "download the", "get the latest", "if you enjoyed", "we need your help", "support our", "to view the full story",
        "to read the full story", "please support", "folgen sie uns", "folge uns", "abonnieren sie", "unterstützen sie",
        "besuchen sie unseren", "jetzt abonnieren", "síguenos", "suscríbete", "únete", "descarga nuestra", "mira lo que tiene",
        "ya sabías que", "suivez-nous", "abonnez-vous", "pour lire la suite", "seguici", "iscriviti", "siga-nos", "assine",
    ]

    /// "our" and its kin, in the languages of the stop lists.
    static let siteOwnWords: Set<String> = ["our", "unser", "unsere", "unseren", "unserem", "unserer", "nuestro", "nuestra",
                                            "nuestros", "nuestras", "notre", "nos", "nostro", "nostra", "nosso", "nossa"]

    static let siteOwnBytes = siteOwnWords.map { Array($0.utf8) }

    /// ASCII letters and any byte of a multi-byte character.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte >= 0x80
    }

    /// What a site asks its readers to use or give.
    static let callObjects: Set<String> = ["newsletter", "newsletters", "app", "apps", "channel", "canal", "kanal", "shop",
                                           "fan", "edition", "podcast", "subscribe", "subscription", "donate", "donation",
                                           "abonnement", "abo", "spende", "suscripción", "youtube", "telegram"]
}

extension ExtractionRules {
    /// Whether a paragraph is a line of page furniture wherever it stands: a pointer to
    /// another article, a time stamp, a picture credit, a comment section's own line, an
    /// advertising or button label, a call to action. Long paragraphs are none of these, and
    /// the lines are lower-cased once for all the tests.
    static func isFurnitureLine(_ text: String) -> Bool {
        guard text.utf8.count <= 240 else { return false }
        let lower = text.lowercased()
        return pointsElsewhere(text, lower: lower) || isTimestamp(text, lower: lower) || isPictureCredit(text, lower: lower)
            || isCommentFurniture(text, lower: lower) || isAdLabel(text, lower: lower) || isCallToAction(text, lower: lower)
    }
}
