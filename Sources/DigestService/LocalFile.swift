import Foundation

/// Reads a local file the user named (a config, an OPML file, a text for `inspect`) with a
/// reason a person can act on when it cannot be read: missing, a folder, a FIFO or device
/// (never opened: a FIFO would block and a device never ends), too large, or not readable.
public enum LocalFile {
    /// The largest file read whole.
    public static let maxBytes = 256 << 20

    /// The file's bytes, or why they cannot be had ("no such file", "is a folder, not a file").
    public static func read(_ path: String, maxBytes: Int = LocalFile.maxBytes) -> Result<Data, Failure> {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { return .failure(Failure("no such file")) }
        if isFolder.boolValue { return .failure(Failure("is a folder, not a file")) }
        let attributes = try? manager.attributesOfItem(atPath: path)
        if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
            let kind = switch type {
            case .typeCharacterSpecial, .typeBlockSpecial: "a device"
            case .typeSocket: "a socket"
            default: "a FIFO or other special file"
            }
            return .failure(Failure("is \(kind), not a regular file"))
        }
        if let size = attributes?[.size] as? Int, size > maxBytes {
            return .failure(Failure("is larger than \(maxBytes >> 20) MB"))
        }
        guard manager.isReadableFile(atPath: path), let data = manager.contents(atPath: path) else {
            return .failure(Failure("cannot be read (permission denied?)"))
        }
        return .success(data)
    }

    /// Why a file could not be read.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
