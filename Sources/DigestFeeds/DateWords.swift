/// The words that dates in feeds are written with, as data.
///
/// Month names: English, plus the languages feeds most often localise `pubDate` into by mistake
/// (German, French, Spanish, Italian, Dutch, Portuguese); matched on their first letters after
/// lower-casing, as RFC 822 readers do. Zones: RFC 822's own list (section 5.1), the North
/// American and European abbreviations that real feeds use although RFC 822 does not list
/// them, and military letters whose meaning RFC 1123 (section 5.2.14) does not dispute.
/// Feedparser's date tests and its `_parse_date_*` handlers were the survey of what breaks.
enum DateWords {
    /// Month name prefixes (three or four letters) → month number.
    static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
        // German
        "jän": 1, "mär": 3, "mai": 5, "okt": 10, "dez": 12,
        // French
        "janv": 1, "fév": 2, "févr": 2, "fev": 2, "avr": 4, "juin": 6, "juil": 7, "aoû": 8, "aou": 8, "déc": 12,
        // Spanish, Italian, Portuguese
        "ene": 1, "abr": 4, "ago": 8, "dic": 12, "gen": 1, "giu": 6, "lug": 7, "set": 9, "ott": 10, "out": 10,
        // Dutch
        "mrt": 3, "mei": 5,
    ]

    /// Day names and their abbreviations, which carry no information and are often wrong.
    static let dayNames: Set<String> = [
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]

    /// Zone abbreviations → offset in minutes east of UTC.
    static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "ist": 60, "cet": 60, "met": 60, "mez": 60,
        "cest": 120, "mest": 120, "mesz": 120, "eet": 120, "eest": 180, "msk": 180,
        "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
        "akst": -540, "akdt": -480, "hst": -600, "ast": -240, "adt": -180, "nst": -210, "ndt": -150,
        "aest": 600, "aedt": 660, "acst": 570, "acdt": 630, "awst": 480, "nzst": 720, "nzdt": 780,
        "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "wib": 420,
        "a": -60, "m": -720, "n": 60, "y": 720,
    ]
}
