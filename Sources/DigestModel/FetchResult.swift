import Foundation

/// What a fetcher brought back for one URL.
public enum FetchResult: Sendable, Equatable {
    /// The resource and how it was served.
    case fetched(FetchedDocument)
    /// The server confirmed that the stored validators are still current (HTTP 304).
    case notModified(finalURL: URL)
}

/// The bytes of a fetched resource with the metadata that decides how it is parsed and revalidated.
public struct FetchedDocument: Sendable, Equatable {
    /// The URL after redirects; the base for relative links.
    public var finalURL: URL
    /// The HTTP status, or 200 for a local file.
    public var status: Int
    /// The `Content-Type` header, whose charset counts when decoding.
    public var contentType: String?
    /// The `ETag` validator for the next conditional request.
    public var etag: String?
    /// The `Last-Modified` validator for the next conditional request.
    public var lastModified: String?
    /// The body.
    public var body: Data

    /// Creates a document.
    public init(finalURL: URL, status: Int = 200, contentType: String? = nil, etag: String? = nil, lastModified: String? = nil, body: Data) {
        self.finalURL = finalURL
        self.status = status
        self.contentType = contentType
        self.etag = etag
        self.lastModified = lastModified
        self.body = body
    }
}
