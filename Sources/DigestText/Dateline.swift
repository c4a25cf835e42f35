/// The dateline that opens a wire story: "MOSCOW, June 20 (Reuters) - ", "ST. PAUL, Minn. (AP)
/// — ", "KYIV, Ukraine — ", "BERLIN (dpa) - ", the New York Times wire's "WASHINGTON _ ", Xinhua's
/// "BEIJING, March 5 (Xinhua) -- ", IANS's "New Delhi, June 20 (IANS) ".
///
/// Shape, after the wire services' style books (AP, Reuters): a place in capitals, optionally
/// a region and a date after commas, optionally the agency in brackets, then a dash, all within
/// 80 characters. The place must be in capitals, so an ordinary sentence with a dash ("Prices
/// rose — again") is never taken for one.
public enum Dateline {
    /// The text without its dateline, and the dateline (nil when there is none).
    public static func split(_ text: String) -> (dateline: String?, rest: String) {
        // Every dateline has a dash or a bracket near the start; most sentences have neither.
        guard text.utf8.prefix(128).contains(where: { $0 == 0x2D || $0 == 0x28 || $0 == 0xE2 || $0 == 0x5F }) else { return (nil, text) }
        let result = splitCapitalised(text)
        if result.dateline != nil { return result }
        return splitAgency(text)
    }

    /// "Moscow, June 20 (IANS) The ministry…": a place and date in ordinary case, then an agency
    /// in brackets (letters only, 2–12 of them) and the sentence, with or without a dash. The
    /// comma is required, so "The president (AP) said" is not taken for a dateline.
    static func splitAgency(_ text: String) -> (dateline: String?, rest: String) {
        guard let open = text.prefix(60).firstIndex(of: "("), let close = text[open...].prefix(15).firstIndex(of: ")") else { return (nil, text) }
        let place = text[..<open]
        let agency = text[text.index(after: open)..<close]
        guard let first = place.first, first.isUppercase, place.contains(","), !place.contains(where: { ".!?;:".contains($0) }),
              place.split(separator: " ").count <= 6, agency.count >= 2, agency.count <= 12, agency.allSatisfy(\.isLetter) else {
            return (nil, text)
        }
        let rest = text[text.index(after: close)...].drop { " -—–".contains($0) }
        guard let start = rest.first, start.isUppercase || start == "“" || start == "\"" else { return (nil, text) }
        return (String(text[...close]), String(rest))
    }

    static func splitCapitalised(_ text: String) -> (dateline: String?, rest: String) {
        let characters = Array(text)
        func isDash(_ index: Int) -> Bool {
            guard index < characters.count else { return false }
            let character = characters[index]
            if character == "—" || character == "–" { return true }
            // The wire's typewriter dash: an underscore between spaces ("WASHINGTON _ The…").
            if character == "_" {
                return index > 0 && characters[index - 1] == " " && index + 1 < characters.count && characters[index + 1] == " "
            }
            return character == "-" && index + 1 < characters.count && (characters[index + 1] == " " || characters[index + 1] == "-")
        }
        var index = 0
        var capitals = 0
        while index < characters.count, !isDash(index) {
            let character = characters[index]
            if character.isUppercase {
                capitals += 1
            } else if character.isLowercase {
                return (nil, text)
            } else if !" .-'’".contains(character) {
                break
            }
            index += 1
        }
        guard capitals >= 2, index < characters.count, characters[index] == "," || characters[index] == "(" || isDash(index) else {
            return (nil, text)
        }
        var end = index
        while end < characters.count, end < index + 80, !isDash(end) {
            if "!?\n".contains(characters[end]) { return (nil, text) }
            end += 1
        }
        guard isDash(end) else { return (nil, text) }
        var restStart = end
        while restStart < characters.count, "-—–_ ".contains(characters[restStart]) { restStart += 1 }
        guard restStart < characters.count else { return (nil, text) }
        let dateline = String(characters[..<end]).trimmingCharacters(in: " ")
        return (dateline, String(characters[restStart...]))
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
