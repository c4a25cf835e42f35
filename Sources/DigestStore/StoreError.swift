/// A state database that cannot be used; `description` names the file and what to do.
public struct StoreError: Error, Equatable, CustomStringConvertible {
    /// The database file.
    public var path: String
    /// What went wrong.
    public var reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "state database \(path): \(reason)" }
}
