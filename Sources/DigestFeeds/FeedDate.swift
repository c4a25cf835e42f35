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
        var raw = raw
        return raw.withUTF8 { buffer -> Date? in
            var start = 0, end = buffer.count
            while start < end, isSpace(buffer[start]) { start += 1 }
            while end > start, isSpace(buffer[end - 1]) { end -= 1 }
            guard start < end else { return nil }
            let text = UnsafeBufferPointer(rebasing: buffer[start..<end])
            if isDigit(text[0]), let date = parseISO8601(text) { return date }
            return parseWords(text)
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    // MARK: RFC 822 and other word forms

    /// "Thu, 01 Jan 2004 19:48:21 GMT" and its relatives, read token by token in any order:
    /// "Sun Jan  4 16:29:06 PST 2004" (asctime), "January 4, 2004 4:29 pm", "4-Jan-2004 16:29".
    static func parseWords(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var day: Int?, month: Int?, year: Int?, clock: (Int, Int, Int)?, offset: Int?
        var meridiem: Int?
        for range in tokens(bytes) {
            let token = UnsafeBufferPointer(rebasing: bytes[range])
            let first = token[0]
            if clock == nil, token.contains(UInt8(ascii: ":")), let parsed = parseClock(token) {
                clock = parsed.clock
                if let zone = parsed.offset { offset = zone }
                if let half = parsed.meridiem { meridiem = half }
            } else if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
                if offset == nil, let zone = parseOffset(String(decoding: token, as: UTF8.self)) { offset = zone }
            } else if isDigit(first) {
                guard let (number, digits, isOrdinal) = numberToken(token) else { continue }
                if day == nil, digits <= 2 || isOrdinal, (1...31).contains(number) {
                    day = number
                } else if year == nil {
                    year = expandYear(number, digits: digits)
                }
            } else {
                var word = String(decoding: token, as: UTF8.self).lowercased()
                while word.hasSuffix(".") { word.removeLast() }
                if word == "am" || word == "a.m" || word == "pm" || word == "p.m" {
                    meridiem = word.hasPrefix("p") ? 12 : 0
                } else if month == nil, let value = monthNumber(word) {
                    month = value
                } else if DateWords.dayNames.contains(word) {
                    continue
                } else if offset == nil, let zone = DateWords.zones[word] ?? parseOffset(word) {
                    offset = zone
                }
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

    /// Token ranges split at spaces and commas, and at the dashes of "04-Jan-2004" (a token
    /// that mixes letters and digits); a leading sign stays with its zone offset.
    private static func tokens(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        func close(_ end: Int) {
            guard end > start else { return }
            let token = bytes[start..<end]
            // "GMT-5" and "UTC-0330" are zones, not dashed dates.
            let isZone = token.count > 3 && (token.prefix(3).map { $0 | 0x20 } == Array("gmt".utf8) || token.prefix(3).map { $0 | 0x20 } == Array("utc".utf8))
            let hasDash = !isZone && token.dropFirst().contains(UInt8(ascii: "-"))
            if hasDash, !token.contains(UInt8(ascii: ":")), token.contains(where: { $0 >= 0x41 }), token.contains(where: isDigit) {
                var pieceStart = start
                for position in start..<end where bytes[position] == UInt8(ascii: "-") {
                    if position > pieceStart { result.append(pieceStart..<position) }
                    pieceStart = position + 1
                }
                if end > pieceStart { result.append(pieceStart..<end) }
            } else {
                result.append(start..<end)
            }
        }
        for (position, byte) in bytes.enumerated() where byte == 0x20 || byte == UInt8(ascii: ",") || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            close(position)
            start = position + 1
        }
        close(bytes.count)
        return result
    }

    /// "21", "2004", "1st", "22nd", "3rd", "4th": the number, its digit count, whether ordinal.
    private static func numberToken(_ token: UnsafeBufferPointer<UInt8>) -> (Int, Int, Bool)? {
        var value = 0, digits = 0
        for byte in token {
            guard isDigit(byte) else { break }
            guard digits < 6 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        if digits == token.count { return (value, digits, false) }
        // "20." is how German and Scandinavian dates write the day.
        if digits == token.count - 1, token[digits] == UInt8(ascii: ".") { return (value, digits, true) }
        let suffix = String(decoding: UnsafeBufferPointer(rebasing: token[digits...]), as: UTF8.self).lowercased()
        guard ["st", "nd", "rd", "th"].contains(suffix) else { return nil }
        return (value, digits, true)
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
    private static func parseClock(_ token: UnsafeBufferPointer<UInt8>) -> (clock: (Int, Int, Int), offset: Int?, meridiem: Int?)? {
        var fields = [0, 0, 0]
        var field = 0, digits = 0
        var index = 0
        while index < token.count {
            let byte = token[index]
            if isDigit(byte) {
                guard digits < 2 || field == 2 else { return nil }
                if field < 3, digits < 2 { fields[field] = fields[field] * 10 + Int(byte - 0x30) }
                digits += 1
            } else if byte == UInt8(ascii: ":"), field < 2, digits > 0 {
                field += 1
                digits = 0
            } else {
                break
            }
            index += 1
        }
        guard field >= 1, digits > 0 || field == 2 else { return nil }
        // Fractional seconds are dropped.
        if index < token.count, token[index] == UInt8(ascii: ".") {
            index += 1
            while index < token.count, isDigit(token[index]) { index += 1 }
        }
        var offset: Int?, meridiem: Int?
        if index < token.count {
            let rest = String(decoding: UnsafeBufferPointer(rebasing: token[index...]), as: UTF8.self).lowercased()
            switch rest {
            case "am", "a.m.": meridiem = 0
            case "pm", "p.m.": meridiem = 12
            case "z": offset = 0
            default:
                guard let zone = parseOffset(rest) ?? DateWords.zones[rest] else { return nil }
                offset = zone
            }
        }
        return ((fields[0], fields[1], fields[2]), offset, meridiem)
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
    static func parseISO8601(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var index = 0
        func number(_ length: Int) -> Int? {
            guard index + length <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<length {
                let byte = bytes[index + offset]
                guard isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += length
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            if index < bytes.count, bytes[index] == byte { index += 1; return true }
            return false
        }
        func digitAt(_ position: Int) -> Bool { position < bytes.count && isDigit(bytes[position]) }
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
            guard let h = number(2) ?? (digitAt(index) ? number(1) : nil) else { return nil }
            hour = h
            let extended = skip(UInt8(ascii: ":"))
            if let m = number(2) { minute = m }
            if (extended ? skip(UInt8(ascii: ":")) : digitAt(index)), let s = number(2) { second = s }
            // Fractional seconds are dropped.
            if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
                while digitAt(index) { index += 1 }
            }
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            guard let zone = zoneOffset(UnsafeBufferPointer(rebasing: bytes[index...])) else { return nil }
            offset = zone
        } else if index < bytes.count {
            return nil
        }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetMinutes: offset)
    }

    /// The zone after an ISO time: nothing or `Z` (UTC), `+01:00`, `-0800`, `+05`, or a zone name.
    private static func zoneOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = bytes.first else { return 0 }
        if bytes.count == 1, first == UInt8(ascii: "Z") || first == UInt8(ascii: "z") { return 0 }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            var digits = 0, count = 0
            for byte in bytes.dropFirst() where byte != UInt8(ascii: ":") {
                guard isDigit(byte), count < 4 else { return nil }
                digits = digits * 10 + Int(byte - 0x30)
                count += 1
            }
            guard count == 2 || count == 4 else { return nil }
            let minutes = count == 2 ? digits * 60 : (digits / 100) * 60 + digits % 100
            guard minutes <= 14 * 60 else { return nil }
            return first == UInt8(ascii: "-") ? -minutes : minutes
        }
        let name = String(decoding: bytes, as: UTF8.self).lowercased()
        return DateWords.zones[name] ?? parseOffset(name)
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
