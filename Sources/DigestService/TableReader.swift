import Foundation
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
        return ConfigError(file: source.file.path, line: source.line(of: key, in: path), key: dotted.isEmpty ? nil : dotted, message: message)
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

    mutating func positiveInt(_ key: String) throws(ConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let int = value.int else { throw typeError(key, "an integer", value) }
        guard int > 0 else { throw error(key, "must be at least 1, found \(int)") }
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

    mutating func duration(_ key: String) throws(ConfigError) -> TimeInterval? {
        guard let text = try string(key) else { return nil }
        guard let seconds = ConfigValues.duration(text), seconds > 0 else {
            throw error(key, "\"\(text)\" is not a duration like \"90s\", \"30m\", \"24h\" or \"2d\"")
        }
        return seconds
    }

    mutating func size(_ key: String) throws(ConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        if let bytes = value.int, bytes > 0 { return bytes }
        guard let text = value.string, let bytes = ConfigValues.size(text), bytes > 0 else {
            throw error(key, "\(value.debugDescription) is not a size like \"512KB\" or \"10MB\"")
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
        return TableReader(table: table, path: key, source: source)
    }

    /// An array of tables (`[[feeds]]`).
    mutating func tables(_ key: String) throws(ConfigError) -> [TableReader]? {
        guard let value = value(key) else { return nil }
        guard let array = value.array else { throw typeError(key, "an array of tables ([[\(key)]])", value) }
        var readers: [TableReader] = []
        for (index, element) in array.enumerated() {
            guard let table = element.table else { throw typeError(key, "an array of tables ([[\(key)]])", element) }
            readers.append(TableReader(table: table, path: "\(key)[\(index)]", source: source))
        }
        return readers
    }

    /// Fails on the first key (in file order) that was never asked for.
    func finish() throws(ConfigError) {
        let unknown = table.keys.filter { !used.contains($0) }
        guard !unknown.isEmpty else { return }
        let first = unknown.min { (source.line(of: $0, in: path) ?? .max) < (source.line(of: $1, in: path) ?? .max) } ?? unknown[0]
        throw error(first, "unknown key (check its spelling and the table it is in)")
    }
}

/// The config's text, for finding the line a key is on (TOMLKit keeps no positions for values).
struct ConfigSource {
    let file: URL
    let lines: [Substring]

    init(file: URL, text: String) {
        self.file = file
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The 1-based line where `key` is set inside `table` (`nil`: top level; `feeds[2]`: the
    /// third `[[feeds]]`); the table's header line when `key` is nil.
    func line(of key: String?, in table: String?) -> Int? {
        var wantedHeader = table
        var wantedIndex = 0
        if let table, let open = table.firstIndex(of: "["), let index = Int(table[table.index(after: open)...].dropLast()) {
            wantedHeader = String(table[..<open])
            wantedIndex = index
        }
        var header: String?
        var arrayCounts: [String: Int] = [:]
        var inside = table == nil
        for (number, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let isArray = line.hasPrefix("[[")
                let name = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).components(separatedBy: "]").first ?? ""
                header = name.trimmingCharacters(in: .whitespaces)
                var index = 0
                if isArray, let header {
                    index = arrayCounts[header, default: 0]
                    arrayCounts[header] = index + 1
                }
                inside = header == wantedHeader && index == wantedIndex
                if inside, key == nil { return number + 1 }
                continue
            }
            guard inside, let key else { continue }
            if line.hasPrefix(key) {
                let rest = line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
                if rest.hasPrefix("=") { return number + 1 }
            }
        }
        return nil
    }
}
