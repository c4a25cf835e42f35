/// A config that cannot be used. The message names the file, the line when known, and the key.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// The config file.
    public var file: String
    /// The line of the offending key, when it can be found.
    public var line: Int?
    /// The dotted key (`briefing.window`, `feeds[2].url`), when one is concerned.
    public var key: String?
    /// What is wrong and what to write instead.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let key { return "\(place): \(key): \(message)" }
        return "\(place): \(message)"
    }
}
