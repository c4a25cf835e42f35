import DigestModel
import Foundation

/// Brings back the bytes behind a URL. Implementations are safe to call concurrently.
public protocol Fetcher: Sendable {
    /// Fetches `url`, sending the validators when given so an unchanged resource costs nothing.
    func fetch(_ url: URL, validators: Validators) async throws(FetchError) -> FetchResult
}

/// The validators kept from an earlier fetch, for a conditional request.
public struct Validators: Sendable, Equatable {
    /// The `ETag` of the stored copy.
    public var etag: String?
    /// The `Last-Modified` of the stored copy.
    public var lastModified: String?

    /// No validators: an unconditional fetch.
    public static let none = Validators()

    /// Creates validators.
    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// Why a fetch failed; `description` is the one-line cause an operator sees.
public enum FetchError: Error, Equatable, CustomStringConvertible {
    /// The URL names nothing that exists.
    case notFound(String)
    /// The resource exists but could not be read.
    case unreadable(String, reason: String)
    /// The resource is larger than the configured cap.
    case tooLarge(limit: Int)
    /// No fetcher handles this URL scheme.
    case unsupportedScheme(String)

    public var description: String {
        switch self {
        case .notFound(let path): "no such file: \(path)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .tooLarge(let limit): "body over \(ByteCountText.format(limit))"
        case .unsupportedScheme(let scheme): "unsupported URL scheme \"\(scheme)\" (use http, https or file)"
        }
    }
}

/// Byte counts as people write them in configs and read them in errors ("10 MB").
public enum ByteCountText {
    /// Formats a count with the largest unit that keeps it whole or one decimal.
    public static func format(_ bytes: Int) -> String {
        let units: [(String, Int)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)]
        for (unit, size) in units where bytes >= size {
            let value = Double(bytes) / Double(size)
            return value == value.rounded() ? "\(Int(value)) \(unit)" : String(format: "%.1f %@", value, unit)
        }
        return "\(bytes) bytes"
    }
}
