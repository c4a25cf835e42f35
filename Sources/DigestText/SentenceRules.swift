/// The word lists the sentence splitter decides by, as data.
///
/// Collected for this project from English news style guides' lists of abbreviations; the
/// split between abbreviations that can end a sentence and those that never do follows the
/// "Golden Rules" of sentence boundary detection (pragmatic_segmenter, pySBD).
enum SentenceRules {
    /// Abbreviations that never end a sentence: titles and ranks before names, "p." before a
    /// page, "No." before a number, "Mt." and "St." before a place.
    static let prefixes: Set<String> = [
        "mr", "mrs", "ms", "mx", "dr", "prof", "mt", "st", "ste", "ft", "gen", "col", "lt", "maj", "sgt", "capt", "cmdr", "adm",
        "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "det", "cllr", "fr", "sr", "sra", "messrs", "mme", "mlle",
        "n°", "cf", "vs", "v",
        "approx", "ca", "dept", "univ", "ave", "blvd", "rd", "hwy", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "e.g", "i.e", "viz", "al", "ed", "eds", "est", "tel", "ext",
    ]

    /// Abbreviations that stand before a number ("p. 55", "No. 7", "Fig. 3"), and are ordinary
    /// words otherwise ("said no. Council agreed").
    static let beforeNumbers: Set<String> = ["p", "pp", "no", "nos", "nr", "vol", "vols", "fig", "figs", "art", "ch", "sec", "para", "op", "n°"]

    /// Abbreviations that often end a sentence: a capitalised word after them starts a new
    /// sentence only when it is a word that typically starts one.
    static let endings: Set<String> = ["co", "corp", "inc", "ltd", "llc", "plc", "bros", "etc", "jr", "sr", "esq", "a.m", "p.m"]

    /// Words that start sentences far more often than they continue a name.
    static let starters: Set<String> = [
        "i", "it", "he", "she", "we", "they", "you", "this", "that", "these", "those", "there", "the", "a", "an", "how", "what",
        "when", "where", "why", "who", "which", "but", "and", "so", "yet", "if", "in", "on", "at", "as", "after", "before",
        "however", "meanwhile", "then", "now", "his", "her", "their", "our", "its", "my", "your", "one", "some", "many", "most",
        "all", "no", "not", "while", "although", "because", "since", "still", "also", "both", "each", "for", "from", "to",
    ]

    /// Time abbreviations, which begin a sentence's clause ("At 5 a.m. Mr. Smith went…") as
    /// often as they end one.
    static let times: Set<String> = ["a.m", "p.m"]

    /// The AP style abbreviations of US states, Canadian provinces and Mexican states used in
    /// datelines ("ST. PAUL, Minn. (AP) —"); they may also end a sentence ("moved to Salem, Ore.").
    static let states: Set<String> = [
        "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md",
        "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash",
        "wis", "wyo", "alta", "ont", "que", "sask", "man", "n.h", "n.j", "n.m", "n.y", "n.c", "n.d", "r.i", "s.c", "s.d",
        "w.va", "b.c", "d.c",
    ]

    /// Abbreviations that never end a sentence in other languages, from their style guides'
    /// lists (Duden for German, the Lexique de l'Imprimerie nationale for French, Russian and
    /// Ukrainian editorial usage), plus the titles shared with English.
    static let abbreviations: [String: Set<String>] = [
        "en": prefixes,
        "de": ["dr", "prof", "hr", "fr", "nr", "str", "z.b", "u.a", "bzw", "ca", "vgl", "usw", "d.h", "s", "bzgl", "inkl", "ggf",
               "evtl", "z.t", "mio", "mrd", "jan", "feb", "aug", "sept", "okt", "nov", "dez", "st", "abs", "gem", "v"],
        "fr": ["m", "mm", "mme", "mlle", "dr", "pr", "me", "st", "ste", "av", "bd", "env", "p", "cf", "etc", "n°", "janv", "févr",
               "avr", "juil", "sept", "oct", "nov", "déc", "gén", "col", "cdt"],
        "es": ["sr", "sra", "srta", "dr", "dra", "d", "dña", "ud", "uds", "av", "pág", "núm", "etc", "gral", "ing", "lic"],
        "it": ["sig", "sigg", "dott", "prof", "avv", "ing", "on", "sen", "gen", "pag", "ecc", "ca", "n"],
        "pt": ["sr", "sra", "dr", "dra", "prof", "av", "pág", "etc", "gen", "n", "nº"],
        "nl": ["dhr", "mevr", "dr", "prof", "mr", "ir", "bijv", "o.a", "enz", "nr", "blz", "ca", "d.w.z"],
        "ru": ["г", "гг", "т.е", "т.д", "т.п", "им", "ул", "д", "руб", "млн", "млрд", "тыс", "стр", "см", "св", "проф", "акад"],
        "uk": ["р", "рр", "т.д", "т.п", "ім", "вул", "д", "грн", "млн", "млрд", "тис", "с", "див", "проф", "акад"],
    ]
}
