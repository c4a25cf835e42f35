import Foundation

/// The small languages inside config values: durations ("30m", "1h30m") and sizes ("10MB").
public enum ConfigValues {
    /// Seconds per duration unit.
    static let durationUnits: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// Parses "90s", "30m", "24h", "2d", "1w" and sums like "1h30m"; nil when malformed.
    public static func duration(_ text: String) -> TimeInterval? {
        var total: Double = 0
        var number = ""
        var sawUnit = false
        for character in text.trimmingCharacters(in: .whitespaces).lowercased() {
            if character.isNumber || character == "." {
                number.append(character)
            } else if let unit = durationUnits[character], let value = Double(number) {
                total += value * unit
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard number.isEmpty, sawUnit, total.isFinite else { return nil }
        return total
    }

    /// Bytes per size unit (binary multiples, as people mean them for caps).
    static let sizeUnits: [String: Double] = ["b": 1, "kb": 1024, "k": 1024, "mb": 1_048_576, "m": 1_048_576, "gb": 1_073_741_824, "g": 1_073_741_824]

    /// Parses "512KB", "10MB", "1GB", "100B" (case-insensitive, a space allowed); nil when malformed.
    public static func size(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unitStart = trimmed.firstIndex(where: { $0.isLetter }) else { return Int(trimmed) }
        let number = trimmed[..<unitStart].trimmingCharacters(in: .whitespaces)
        guard let value = Double(number), let unit = sizeUnits[String(trimmed[unitStart...])] else { return nil }
        let bytes = (value * unit).rounded()
        // Beyond what an Int holds (or not a number at all): Int(_:) of it would trap.
        guard bytes.isFinite, bytes >= 0, bytes < 9.0e18 else { return Int.max }
        return Int(bytes)  // range-checked: finite, 0 ≤ bytes < 9e18 (above)
    }

    /// Whether `text` is a 24-hour "HH:MM".
    public static func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return false }
        return (0..<24).contains(hour) && (0..<60).contains(minute)
    }

    /// A duration as the config writes it: "2s", "30m", "1h30m", "1d".
    public static func describe(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite, seconds < 1e15 else { return "forever" }
        var rest = Int(seconds.rounded())  // range-checked: finite and below 1e15 (above)
        guard rest > 0 else { return "0s" }
        var text = ""
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }

    /// A heading a config may give (a section's name): 1 to 80 characters, none of them a
    /// line break or other control character, not only spaces.
    public static func isHeading(_ text: String) -> Bool {
        (1...80).contains(text.count) && !text.trimmingCharacters(in: .whitespaces).isEmpty
            && !text.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }
}
