import DigestModel
import Foundation

/// Reads `file://` URLs from the local disk, with the same size cap as the network fetcher.
public struct FileFetcher: Fetcher {
    /// The largest body accepted, in bytes.
    public var maxBytes: Int

    /// Creates a file fetcher.
    public init(maxBytes: Int = 10 << 20) {
        self.maxBytes = maxBytes
    }

    public func fetch(_ url: URL, validators: Validators, reach: Reach) async throws(FetchError) -> FetchResult {
        guard url.isFileURL else { throw .unsupportedScheme(url.scheme ?? "") }
        let path = url.path
        // A link in a stranger's feed never reads the local disk.
        if reach == .publicOnly { throw .refused("\(path) is a local file") }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path) }
        if isDirectory.boolValue { throw .unreadable(path, reason: "it is a folder") }
        let attributes = try? manager.attributesOfItem(atPath: path)
        // Only regular files: a FIFO would block the read, a device (/dev/zero) never ends.
        if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
            throw .unreadable(path, reason: "not a regular file (\(Self.kind(type)))")
        }
        let size = (attributes?[.size] as? Int) ?? 0
        if size > maxBytes { throw .tooLarge(limit: maxBytes) }
        let body: Data
        do {
            body = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path, reason: (error as NSError).localizedDescription)
        }
        if body.count > maxBytes { throw .tooLarge(limit: maxBytes) }
        let modificationDate = attributes?[.modificationDate] as? Date
        let modified = modificationDate.map(HTTPDate.format)
        // HTTP dates have whole seconds; a file rewritten within one second is told apart by an
        // entity tag of its size and its modification time as precisely as the file system
        // keeps it (written as a decimal: any time, even past 2262, has one).
        let etag = modificationDate.map { "\"\(body.count)-\($0.timeIntervalSince1970)\"" }
        // A file unchanged since the last read answers as a server would: not modified.
        let unchanged = validators.etag.map { $0 == etag } ?? (modified != nil && modified == validators.lastModified)
        if unchanged { return .notModified(finalURL: url, permanentURL: nil) }
        return .fetched(FetchedDocument(finalURL: url, status: 200, contentType: nil, etag: etag, lastModified: modified, body: body))
    }
}

extension FileFetcher {
    static func kind(_ type: FileAttributeType) -> String {
        switch type {
        case .typeCharacterSpecial: "a character device"
        case .typeBlockSpecial: "a block device"
        case .typeSocket: "a socket"
        case .typeSymbolicLink: "a symbolic link"
        default: "a FIFO or other special file"
        }
    }
}

/// HTTP dates (RFC 9110, section 5.6.7): written as IMF-fixdate, read in all three forms.
enum HTTPDate {
    static func format(_ date: Date) -> String {
        formatter("EEE, dd MMM yyyy HH:mm:ss 'GMT'").string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        for pattern in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            if let date = formatter(pattern).date(from: text) { return date }
        }
        return nil
    }

    private static func formatter(_ pattern: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = pattern
        return formatter
    }
}
