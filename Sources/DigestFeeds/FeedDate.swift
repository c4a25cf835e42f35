import Foundation

/// Parses the dates feeds carry: RFC 822/1123 (RSS) and ISO 8601/RFC 3339 (Atom, Dublin Core).
///
/// Hand-written rather than `DateFormatter`-based: feeds break the formats in many small ways
/// (missing seconds, two-digit years, wrong day names, lower-case months), and a formatter per
/// layout is both slow and strict. An unparseable string gives `nil`, never "now".
public enum FeedDate {
    /// Parses any supported layout.
    public static func parse(_ raw: String) -> Date? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let first = text.unicodeScalars.first else { return nil }
        if CharacterSet.decimalDigits.contains(first), let date = parseISO8601(text) { return date }
        return parseRFC822(text)
    }

    // MARK: RFC 822

    /// English month names by their first three letters (RFC 822 section 5.1).
    static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    /// Zone names and their offsets in minutes: RFC 822's list, plus zones seen in real feeds.
    static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
        "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
        "akst": -540, "akdt": -480, "hst": -600, "ast": -240, "adt": -180, "nzst": 720, "nzdt": 780,
        "aest": 600, "aedt": 660, "jst": 540, "ist": 330, "msk": 180,
        // Military single-letter zones (RFC 822); RFC 1123 notes their signs were often reversed, so
        // only the unambiguous ones are kept.
        "a": -60, "m": -720, "n": 60, "y": 720,
    ]

    /// "Thu, 01 Jan 2004 19:48:21 GMT" and its breakages: no day name, wrong day name, no seconds,
    /// two-digit years, "-0500" or "+05:00" or a zone name, commas and dots in odd places.
    static func parseRFC822(_ text: String) -> Date? {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?, offset: Int?
        for token in tokens {
            let lower = token.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            if time == nil, token.contains(":"), let parsed = parseClock(token) {
                time = parsed.clock
                if let zone = parsed.offset { offset = zone }
            } else if offset == nil, token.first == "+" || token.first == "-", let zone = parseOffset(token) {
                offset = zone
            } else if month == nil, lower.count >= 3, let value = months[String(lower.prefix(3))] {
                month = value
            } else if let number = Int(lower) {
                if day == nil, month == nil || year == nil, number >= 1, number <= 31, lower.count <= 2 { day = number }
                else if year == nil { year = number < 100 ? (number < 50 ? 2000 + number : 1900 + number) : number }
            } else if time != nil, offset == nil, let zone = parseOffset(token) ?? zones[lower] {
                offset = zone
            }
        }
        guard let day, let month, let year else { return nil }
        let (hour, minute, second) = time ?? (0, 0, 0)
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetMinutes: offset ?? 0)
    }

    /// "19:48:21", "19:48", or "19:48:21+0000" with the zone glued on.
    private static func parseClock(_ token: String) -> (clock: (Int, Int, Int), offset: Int?)? {
        var clockPart = Substring(token)
        var offset: Int?
        if let signIndex = token.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            clockPart = token[..<signIndex]
            offset = parseOffset(String(token[signIndex...]))
        } else if token.uppercased().hasSuffix("Z") {
            clockPart = token.dropLast()
            offset = 0
        }
        let parts = clockPart.split(separator: ":").map { Int($0.prefix(2)) }
        guard parts.count >= 2, let hour = parts[0], let minute = parts[1] else { return nil }
        let second = parts.count > 2 ? (parts[2] ?? 0) : 0
        return ((hour, minute, second), offset)
    }

    /// "+0500", "-05:00", "+05", "GMT+2".
    static func parseOffset(_ token: String) -> Int? {
        var text = Substring(token.uppercased())
        for prefix in ["GMT", "UTC", "UT"] where text.hasPrefix(prefix) && text.count > prefix.count {
            text = text.dropFirst(prefix.count)
        }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isNumber), let value = Int(digits) else { return nil }
        let minutes = digits.count <= 2 ? value * 60 : (value / 100) * 60 + value % 100
        return sign == "-" ? -minutes : minutes
    }

    // MARK: ISO 8601

    /// "2003-12-13T18:30:02Z", "2003-12-13T18:30:02.25+01:00", "2003-12-13 18:30", "2003-12-13",
    /// "2003-12", "2003", and the basic form "20031213T183002Z" (W3CDTF and RFC 3339 are subsets).
    static func parseISO8601(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        var index = 0
        func number(_ length: Int) -> Int? {
            guard index + length <= scalars.count else { return nil }
            var value = 0
            for offset in 0..<length {
                let byte = scalars[index + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += length
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            if index < scalars.count, scalars[index] == byte { index += 1; return true }
            return false
        }
        guard let year = number(4) else { return nil }
        let extended = skip(UInt8(ascii: "-"))
        var month = 1, day = 1, hour = 0, minute = 0, second = 0, offset = 0
        if let value = number(2) {
            month = value
            if !extended || skip(UInt8(ascii: "-")), let value = number(2) { day = value }
        }
        if index < scalars.count, scalars[index] == UInt8(ascii: "T") || scalars[index] == UInt8(ascii: "t") || scalars[index] == 0x20 {
            index += 1
            guard let h = number(2) else { return nil }
            hour = h
            _ = skip(UInt8(ascii: ":"))
            if let m = number(2) { minute = m }
            if skip(UInt8(ascii: ":")) || (index < scalars.count && scalars[index] >= 0x30 && scalars[index] <= 0x39) {
                if let s = number(2) { second = s }
            }
            // Fractional seconds are dropped.
            if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
                while index < scalars.count, scalars[index] >= 0x30, scalars[index] <= 0x39 { index += 1 }
            }
            let rest = String(decoding: scalars[index...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if rest.isEmpty || rest.uppercased() == "Z" {
                offset = 0
            } else if let parsed = parseOffset(rest) ?? zones[rest.lowercased()] {
                offset = parsed
            } else {
                return nil
            }
        } else if index < scalars.count {
            return nil
        }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetMinutes: offset)
    }

    // MARK: Calendar arithmetic

    /// The instant of a proleptic Gregorian date and time at a UTC offset, or nil when out of range.
    static func makeDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offsetMinutes: Int) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...24).contains(hour), (0...59).contains(minute),
              (0...60).contains(second), year >= 1, year <= 9999 else { return nil }
        guard day <= daysInMonth(year: year, month: month) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetMinutes * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a civil date; Howard Hinnant's `days_from_civil` algorithm
    /// ("chrono-Compatible Low-Level Date Algorithms").
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
