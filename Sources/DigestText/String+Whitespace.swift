extension String {
    /// The string without leading and trailing white space (Unicode-aware, Foundation-free).
    public func trimmingWhitespace() -> String {
        // Most strings start and end with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }

    /// The number of white-space separated words.
    public var wordCount: Int {
        // ASCII text is counted on its bytes; other text through `words()`.
        var count = 0
        var inWord = false
        for byte in utf8 {
            if byte >= 0x80 { return words().count }
            let isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
            if !isSpace && !inWord { count += 1 }
            inWord = !isSpace
        }
        return count
    }

    /// The white-space separated words, found on the UTF-8 bytes (ASCII white space, and the
    /// Unicode spaces by their property) instead of by grapheme, which is several times faster.
    public func words() -> [Substring] {
        var result: [Substring] = []
        let bytes = utf8
        var start: String.Index?
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            var next = bytes.index(after: index)
            var isSpace: Bool
            if byte < 0x80 {
                isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
            } else {
                let scalarIndex = index.samePosition(in: unicodeScalars) ?? index
                let scalar = unicodeScalars[scalarIndex]
                isSpace = scalar.properties.isWhitespace
                next = unicodeScalars.index(after: scalarIndex)
            }
            if isSpace {
                if let wordStart = start { result.append(self[wordStart..<index]) }
                start = nil
            } else if start == nil {
                start = index
            }
            index = next
        }
        if let wordStart = start { result.append(self[wordStart..<endIndex]) }
        return result
    }
}

extension String {
    /// Runs of ASCII white space (space, tab, CR, LF, FF, VT) folded to one space and the ends
    /// trimmed. Non-breaking and other Unicode spaces are content and stay.
    public func collapsingASCIIWhitespace() -> String {
        var result = [UInt8]()
        result.reserveCapacity(utf8.count)
        var pendingSpace = false
        for byte in utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B:
                pendingSpace = !result.isEmpty
            default:
                if pendingSpace { result.append(0x20) }
                pendingSpace = false
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
