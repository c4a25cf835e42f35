extension String {
    /// The text with character references that were escaped once too often, and so reached the
    /// text as letters ("&amp;#8217;" in a feed is "&#8217;" after parsing; "&amp;nbsp;" is
    /// "&nbsp;"), turned into their characters; and with the typesetting codes of old wire
    /// services ("&QL;", "&UR;": no HTML entity) taken out. A reader never sees either.
    ///
    /// Numeric references and the named entities news text uses are resolved; any other
    /// `&name;` of two to eight letters that stands as a word of its own goes. An `&` that
    /// starts no such form ("AT&T", "R&D", "Q&A;", "M&Ms;") stays.
    public func resolvingLiteralEntities() -> String {
        // Most text holds no "&": nothing to do.
        guard utf8.contains(0x26) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count)
        var rest = Substring(self)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest.index(after: ampersand)
            guard let semicolon = rest[after...].prefix(10).firstIndex(of: ";") else {
                result.append("&")
                rest = rest[after...]
                continue
            }
            let name = rest[after..<semicolon]
            // A code is a word of its own; "M&Ms;" is a name.
            let startsWord = result.last.map { !$0.isLetter && !$0.isNumber } ?? true
            if let resolved = Self.resolve(name), !resolved.isEmpty || startsWord {
                result += resolved
                rest = rest[rest.index(after: semicolon)...]
                // A code removed between two spaces leaves one.
                if resolved.isEmpty, result.last == " ", rest.first == " " { rest = rest.dropFirst() }
            } else {
                result.append("&")
                rest = rest[after...]
            }
        }
        result += rest
        return result.trimmingWhitespace()
    }

    /// What `&name;` stands for: its character, "" for a wire code, nil for anything else.
    private static func resolve(_ name: Substring) -> String? {
        if name.first == "#" {
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits)
            }
            // Control characters and surrogates are not text: the reference goes.
            guard let value, value >= 0x20, let scalar = Unicode.Scalar(value) else { return digits.isEmpty ? nil : "" }
            return String(Character(scalar))
        }
        guard (2...8).contains(name.count), name.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return namedEntities[String(name)] ?? ""
    }

    /// The named entities that appear in news text (HTML 4's Latin-1 letters, punctuation and
    /// typographic marks).
    private static let namedEntities: [String: String] = [
        "amp": "&", "quot": "\"", "apos": "'", "lt": "<", "gt": ">", "nbsp": " ", "ndash": "–", "mdash": "—",
        "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "bdquo": "„", "sbquo": "‚", "copy": "©", "reg": "®", "trade": "™", "deg": "°", "euro": "€", "pound": "£",
        "yen": "¥", "cent": "¢", "sect": "§", "middot": "·", "bull": "•", "times": "×", "frac12": "½", "frac14": "¼",
        "frac34": "¾", "eacute": "é", "egrave": "è", "ecirc": "ê", "euml": "ë", "aacute": "á", "agrave": "à",
        "acirc": "â", "auml": "ä", "aring": "å", "atilde": "ã", "oacute": "ó", "ograve": "ò", "ocirc": "ô",
        "ouml": "ö", "otilde": "õ", "oslash": "ø", "uacute": "ú", "ugrave": "ù", "ucirc": "û", "uuml": "ü",
        "iacute": "í", "igrave": "ì", "icirc": "î", "iuml": "ï", "ccedil": "ç", "ntilde": "ñ", "szlig": "ß",
        "Eacute": "É", "Egrave": "È", "Aacute": "Á", "Agrave": "À", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü",
        "Ccedil": "Ç", "Ntilde": "Ñ", "Oslash": "Ø", "Aring": "Å", "aelig": "æ", "AElig": "Æ",
    ]
}
