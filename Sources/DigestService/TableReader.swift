import DigestModel
import Foundation
import DigestFetch
import TOMLKit

/// Reads one TOML table, remembering which keys were used so the rest can be reported as unknown.
struct TableReader {
    let table: TOMLTable
    /// The dotted path of this table (`briefing`, `feeds[2]`), nil for the top level.
    let path: String?
    let source: ConfigSource
    private var used: Set<String> = []

    init(table: TOMLTable, path: String?, source: ConfigSource) {
        self.table = table
        self.path = path
        self.source = source
    }

    func error(_ key: String?, _ message: String) -> ConfigError {
        let dotted = [path, key].compactMap { $0 }.joined(separator: ".")
        // A key that is missing is reported at its table's header.
        let line = source.line(of: key, in: path) ?? source.line(of: nil, in: path)
        return ConfigError(file: source.file.path, line: line, key: dotted.isEmpty ? nil : dotted, message: message)
    }

    private mutating func value(_ key: String) -> TOMLValueConvertible? {
        used.insert(key)
        return table[key]
    }

    private func typeError(_ key: String, _ expected: String, _ value: TOMLValueConvertible) -> ConfigError {
        error(key, "expected \(expected), found \(describe(value.type))")
    }

    private func describe(_ type: TOMLType) -> String {
        switch type {
        case .string: "a string"
        case .int: "an integer"
        case .double: "a number"
        case .bool: "true or false"
        case .table: "a table"
        case .array: "an array"
        default: "a date or time"
        }
    }

    mutating func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.string else { throw typeError(key, "a string", value) }
        return string
    }

    mutating func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let bool = value.bool else { throw typeError(key, "true or false", value) }
        return bool
    }

    mutating func number(_ key: String) throws(ConfigError) -> Double? {
        guard let value = value(key) else { return nil }
        if let double = value.double { return double }
        if let int = value.int { return Double(int) }
        throw typeError(key, "a number", value)
    }

    /// A whole number from 1 to `max`.
    mutating func positiveInt(_ key: String, max: Int) throws(ConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let int = value.int else { throw typeError(key, "an integer", value) }
        guard int > 0 else { throw error(key, "must be at least 1, found \(int)") }
        guard int <= max else { throw error(key, "must be at most \(max), found \(int)") }
        return int
    }

    mutating func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let array = value.array else { throw typeError(key, "an array of strings", value) }
        var result: [String] = []
        for element in array {
            guard let string = element.string else { throw typeError(key, "an array of strings", element) }
            result.append(string)
        }
        return result
    }

    /// A duration from `min` to `max` seconds.
    mutating func duration(_ key: String, min: TimeInterval = 1, max: TimeInterval) throws(ConfigError) -> TimeInterval? {
        guard let text = try string(key) else { return nil }
        guard let seconds = ConfigValues.duration(text), seconds > 0 else {
            throw error(key, "\"\(text.clipped(to: 60))\" is not a duration like \"90s\", \"30m\", \"24h\" or \"2d\"")
        }
        guard seconds >= min, seconds <= max else {
            throw error(key, "\"\(text.clipped(to: 60))\" is out of range: use \(ConfigValues.describe(min)) to \(ConfigValues.describe(max))")
        }
        return seconds
    }

    /// A byte size from `min` to `max`.
    mutating func size(_ key: String, min: Int = 1, max: Int) throws(ConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        let bytes: Int
        if let int = value.int {
            bytes = int
        } else if let text = value.string, let parsed = ConfigValues.size(text) {
            bytes = parsed
        } else {
            throw error(key, "\(value.debugDescription.clipped(to: 60)) is not a size like \"512KB\" or \"10MB\"")
        }
        guard bytes >= min, bytes <= max else {
            throw error(key, "\(value.debugDescription.clipped(to: 60)) is out of range: use \(ByteCountText.format(min)) to \(ByteCountText.format(max))")
        }
        return bytes
    }

    /// A path value resolved against the config's folder (`~` expanded).
    func folder(_ key: String, _ text: String, relativeTo folder: URL) throws(ConfigError) -> URL {
        guard !text.isEmpty else { throw error(key, "must not be empty") }
        let expanded = (text as NSString).expandingTildeInPath
        return URL(fileURLWithPath: expanded, relativeTo: folder).standardizedFileURL
    }

    mutating func table(_ key: String) throws(ConfigError) -> TableReader? {
        guard let value = value(key) else { return nil }
        guard let table = value.table else { throw typeError(key, "a table ([\(key)])", value) }
        return TableReader(table: table, path: path.map { "\($0).\(key)" } ?? key, source: source)
    }

    /// A table of string values (`headers = { Authorization = "…" }`), in key order.
    mutating func stringTable(_ key: String) throws(ConfigError) -> [(key: String, value: String)]? {
        guard let value = value(key) else { return nil }
        guard let table = value.table else { throw typeError(key, "a table of strings", value) }
        var pairs: [(key: String, value: String)] = []
        for name in table.keys.sorted() {
            guard let string = table[name]?.string else { throw error(key, "the value of \"\(name.clipped(to: 60))\" must be a string") }
            pairs.append((name, string))
        }
        return pairs
    }

    /// An array of tables (`[[feeds]]`).
    mutating func tables(_ key: String) throws(ConfigError) -> [TableReader]? {
        guard let value = value(key) else { return nil }
        guard let array = value.array else { throw typeError(key, "an array of tables ([[\(key)]])", value) }
        var readers: [TableReader] = []
        for (index, element) in array.enumerated() {
            guard let table = element.table else { throw typeError(key, "an array of tables ([[\(key)]])", element) }
            readers.append(TableReader(table: table, path: "\(path.map { "\($0)." } ?? "")\(key)[\(index)]", source: source))
        }
        return readers
    }

    /// Fails on the first key (in file order) that was never asked for.
    func finish() throws(ConfigError) {
        let unknown = table.keys.filter { !used.contains($0) }
        guard !unknown.isEmpty else { return }
        let first = unknown.map { (key: $0, line: source.line(of: $0, in: path) ?? .max) }.min { $0.line < $1.line }?.key ?? unknown[0]
        throw error(first, "unknown key (check its spelling and the table it is in)")
    }
}

/// The config's text, for finding the line a key is on (TOMLKit keeps no positions for values).
/// The lines are indexed once, so looking up every key of a config is linear in its size.
struct ConfigSource {
    let file: URL
    /// Table (`nil` → "", `feeds[2]`) → key → 1-based line of its first assignment.
    private var keyLines: [String: [String: Int]] = [:]
    /// Table → the line of its header.
    private var headerLines: [String: Int] = [:]

    init(file: URL, text: String) {
        self.file = file
        var current = ""
        var arrayCounts: [String: Int] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let isArray = line.hasPrefix("[[")
                let name = (line.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).components(separatedBy: "]").first ?? "")
                    .trimmingCharacters(in: .whitespaces)
                if isArray {
                    let index = arrayCounts[name, default: 0]
                    arrayCounts[name] = index + 1
                    current = "\(name)[\(index)]"
                } else {
                    current = name
                }
                if headerLines[current] == nil { headerLines[current] = number + 1 }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            if keyLines[current]?[key] == nil { keyLines[current, default: [:]][key] = number + 1 }
        }
    }

    /// The 1-based line where `key` is set inside `table` (`nil`: top level; `feeds[2]`: the
    /// third `[[feeds]]`); the table's header line when `key` is nil.
    func line(of key: String?, in table: String?) -> Int? {
        guard let key else { return table.flatMap { headerLines[$0] } }
        return keyLines[table ?? ""]?[key]
    }
}
