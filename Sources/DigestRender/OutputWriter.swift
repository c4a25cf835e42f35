import Foundation

/// Writes files so that a reader never sees half of one: each goes to a temporary name in the
/// same folder, is flushed to disk, and is renamed over its final name.
public struct OutputWriter: Sendable {
    /// The output folder.
    public let folder: URL

    /// Creates a writer for `folder`, creating the folder when it is missing.
    public init(folder: URL) throws(OutputError) {
        self.folder = folder
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: folder.path, reason: "cannot create the output folder (\(Self.reason(error)))")
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw OutputError(path: folder.path, reason: "the output folder is not writable")
        }
    }

    /// Writes `contents` as `name`, atomically; returns the final path.
    @discardableResult
    public func write(_ contents: String, as name: String) throws(OutputError) -> URL {
        let target = folder.appendingPathComponent(name)
        let temporary = folder.appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Data(contents.utf8).write(to: temporary)
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: target.path, reason: Self.reason(error))
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: target.path, reason: reason)
        }
        return target
    }

    /// Whether a file of that name exists in the folder.
    public func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path)
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}

/// An output file or folder that could not be written.
public struct OutputError: Error, Equatable, CustomStringConvertible {
    /// The path concerned.
    public var path: String
    /// Why.
    public var reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}
