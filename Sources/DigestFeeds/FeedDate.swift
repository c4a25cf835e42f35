import DigestText
import Foundation

/// Parses the dates feeds carry: RFC 822/1123 (RSS) and ISO 8601/RFC 3339/W3CDTF (Atom,
/// Dublin Core, JSON Feed), with the breakages real feeds commit.
///
/// Hand-written rather than `DateFormatter`-based: feeds break the formats in many small ways
/// (missing seconds, two-digit years, wrong or localised day and month names, `AM`/`PM`,
/// asctime order, zones glued to the time), a formatter per layout is slow, and its locale
/// rules are not ours. An unparseable string gives `nil`, never "now".
public enum FeedDate {
    /// Parses any supported layout.
    public static func parse(_ raw: String) -> Date? {
        let text = raw.trimmingWhitespace()
        guard let first = text.utf8.first else { return nil }
        if first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9"), let date = parseISO8601(Array(text.utf8)) { return date }
        return parseWords(text)
    }

    // MARK: RFC 822 and other word forms

    /// "Thu, 01 Jan 2004 19:48:21 GMT" and its relatives, read token by token in any order:
    /// "Sun Jan  4 16:29:06 PST 2004" (asctime), "January 4, 2004 4:29 pm", "4-Jan-2004 16:29".
    static func parseWords(_ text: String) -> Date? {
        var day: Int?, month: Int?, year: Int?, clock: (Int, Int, Int)?, offset: Int?
        var meridiem: Int?
        for rawToken in tokens(text) {
            let token = rawToken.lowercased()
            if clock == nil, token.contains(":"), let parsed = parseClock(token) {
                clock = parsed.clock
                if let zone = parsed.offset { offset = zone }
                if let half = parsed.meridiem { meridiem = half }
            } else if token == "am" || token == "a.m." || token == "pm" || token == "p.m." {
                meridiem = token.hasPrefix("p") ? 12 : 0
            } else if offset == nil, token.first == "+" || token.first == "-", let zone = parseOffset(token) {
                offset = zone
            } else if let number = Int(token) ?? ordinal(token) {
                if day == nil, token.count <= 2 || ordinal(token) != nil, (1...31).contains(number) {
                    day = number
                } else if year == nil {
                    year = expandYear(number, digits: token.count)
                }
            } else if month == nil, let value = monthNumber(token.trimmingTrailingDots()) {
                month = value
            } else if DateWords.dayNames.contains(token.trimmingTrailingDots()) {
                continue
            } else if offset == nil, let zone = DateWords.zones[token] ?? parseOffset(token) {
                offset = zone
            }
        }
        guard let day, let month, let year else { return nil }
        var (hour, minute, second) = clock ?? (0, 0, 0)
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + meridiem
        }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetMinutes: offset ?? 0)
    }

    /// Tokens split at spaces, commas and the dashes of "04-Jan-2004" (not a zone's sign).
    private static func tokens(_ text: String) -> [Substring] {
        var result: [Substring] = []
        for piece in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
            if piece.contains("-"), piece.first != "-", !piece.contains(":"), piece.contains(where: \.isLetter), piece.contains(where: \.isNumber) {
                result += piece.split(separator: "-")
            } else {
                result.append(piece)
            }
        }
        return result
    }

    /// "1st", "22nd", "3rd", "4th".
    private static func ordinal(_ token: String) -> Int? {
        for suffix in ["st", "nd", "rd", "th"] where token.hasSuffix(suffix) {
            return Int(token.dropLast(2))
        }
        return nil
    }

    private static func expandYear(_ number: Int, digits: Int) -> Int {
        // Two-digit years: RFC 2822 section 4.3 — below 50 is 20xx, else 19xx.
        guard digits <= 2 else { return number }
        return number < 50 ? 2000 + number : 1900 + number
    }

    private static func monthNumber(_ word: String) -> Int? {
        guard word.count >= 3 else { return nil }
        if let month = DateWords.months[String(word.prefix(4))] { return month }
        return DateWords.months[String(word.prefix(3))]
    }

    /// "19:48:21", "19:48", "7:48pm", "19:48:21+0000" or "19:48:21Z" with the zone glued on.
    private static func parseClock(_ token: String) -> (clock: (Int, Int, Int), offset: Int?, meridiem: Int?)? {
        var text = Substring(token)
        var meridiem: Int?
        for (suffix, value) in [("am", 0), ("pm", 12), ("a.m.", 0), ("p.m.", 12)] where text.hasSuffix(suffix) {
            meridiem = value
            text = text.dropLast(suffix.count)
            break
        }
        var offset: Int?
        if let signIndex = text.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            offset = parseOffset(String(text[signIndex...]))
            text = text[..<signIndex]
        } else if text.hasSuffix("z") {
            text = text.dropLast()
            offset = 0
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3, let hour = Int(parts[0]), let minute = Int(parts[1].prefix(2)) else { return nil }
        var second = 0
        if parts.count == 3 {
            // Fractional seconds are dropped.
            guard let whole = Int(parts[2].prefix { $0.isNumber }) else { return nil }
            second = whole
        }
        return ((hour, minute, second), offset, meridiem)
    }

    /// "+0500", "-05:00", "+05", "GMT+2", "UTC-0330".
    static func parseOffset(_ token: String) -> Int? {
        var text = Substring(token.lowercased())
        for prefix in ["gmt", "utc", "ut"] where text.hasPrefix(prefix) && text.count > prefix.count {
            text = text.dropFirst(prefix.count)
            break
        }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isNumber), let value = Int(digits) else { return nil }
        let minutes = digits.count <= 2 ? value * 60 : (value / 100) * 60 + value % 100
        guard minutes <= 14 * 60 else { return nil }
        return sign == "-" ? -minutes : minutes
    }

    // MARK: ISO 8601

    /// "2003-12-13T18:30:02Z", "2003-12-13T18:30:02.25+01:00", "2003-12-13 18:30", "2003-12-13",
    /// "2003-12", "2003", the basic form "20031213T183002Z", and "2003/12/13 18:30:02 -0800"
    /// (W3CDTF and RFC 3339 are profiles of ISO 8601; the slash form is MSSQL/Perforce output).
    static func parseISO8601(_ bytes: [UInt8]) -> Date? {
        var index = 0
        func number(_ length: Int) -> Int? {
            guard index + length <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<length {
                let byte = bytes[index + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += length
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            if index < bytes.count, bytes[index] == byte { index += 1; return true }
            return false
        }
        func isDigit(_ position: Int) -> Bool { position < bytes.count && bytes[position] >= 0x30 && bytes[position] <= 0x39 }
        guard let year = number(4) else { return nil }
        let separator: UInt8? = skip(UInt8(ascii: "-")) ? UInt8(ascii: "-") : (skip(UInt8(ascii: "/")) ? UInt8(ascii: "/") : nil)
        var month = 1, day = 1, hour = 0, minute = 0, second = 0, offset = 0
        if let value = number(2) {
            month = value
            if separator == nil || skip(separator!), let value = number(2) { day = value }
        } else if separator != nil {
            return nil
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: "t") || bytes[index] == 0x20 {
            index += 1
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            guard let h = number(2) ?? (isDigit(index) ? number(1) : nil) else { return nil }
            hour = h
            let extended = skip(UInt8(ascii: ":"))
            if let m = number(2) { minute = m }
            if (extended ? skip(UInt8(ascii: ":")) : isDigit(index)), let s = number(2) { second = s }
            // Fractional seconds are dropped.
            if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
                while isDigit(index) { index += 1 }
            }
            let rest = String(decoding: bytes[index...], as: UTF8.self).trimmingWhitespace()
            if rest.isEmpty || rest == "Z" || rest == "z" {
                offset = 0
            } else if let parsed = parseOffset(rest) ?? DateWords.zones[rest.lowercased()] {
                offset = parsed
            } else {
                return nil
            }
        } else if index < bytes.count {
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
        // A leap second is folded into the second before it.
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

private extension String {
    func trimmingTrailingDots() -> String {
        var text = Substring(self)
        while text.hasSuffix(".") { text = text.dropLast() }
        return String(text)
    }
}
