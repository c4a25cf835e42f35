/// A template that cannot be used; `description` names the file and line.
public struct TemplateError: Error, Equatable, CustomStringConvertible {
    /// The template file.
    public var file: String
    /// The line, when the parser knows it.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
