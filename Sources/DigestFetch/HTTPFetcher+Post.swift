import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends a payload to an address the operator configured (a webhook).
public protocol Poster: Sendable {
    /// POSTs `body` to `url` with `headers`; returns the status of a 2xx answer and throws for
    /// anything else.
    func post(_ url: URL, headers: [(name: String, value: String)], body: Data) async throws(FetchError) -> Int
}

extension HTTPFetcher: Poster {
    /// One POST through the fetcher's shared client, with its deadline and User-Agent. A
    /// redirect is not followed (a POST that moves is a configuration to fix), and at most 64 KB
    /// of the answer is read before it is dropped.
    public func post(_ url: URL, headers: [(name: String, value: String)], body: Data) async throws(FetchError) -> Int {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false else {
            throw .badURL("\(url.absoluteString.clipped(to: 80)) is not an http(s) URL")
        }
        let timeout = timeoutSeconds
        do {
            return try await Deadline.run(seconds: timeout) {
                var request = HTTPClientRequest(url: url.absoluteString)
                request.method = .POST
                request.headers.add(name: "User-Agent", value: self.userAgent)
                for header in headers { request.headers.replaceOrAdd(name: header.name, value: header.value) }
                request.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
                request.body = .bytes(ByteBuffer(bytes: body))
                // range-checked: HTTPFetchOptions clamps the timeout to 0.05 s – 1 day.
                let response = try await self.sharedClient.execute(request, deadline: .now() + .milliseconds(Int64(timeout * 1000)))
                var read = 0
                for try await chunk in response.body {
                    read += chunk.readableBytes
                    if read > 64 * 1024 { break }
                }
                let status = Int(response.status.code)
                switch status {
                case 200..<300: return status
                case 429, 503:
                    throw FetchError.rateLimited(status: status, retryAfter: response.headers.first(name: "Retry-After").flatMap(Self.retryAfter))
                default: throw FetchError.httpStatus(status)
                }
            }
        } catch let error as FetchError {
            throw error
        } catch is Deadline.Expired {
            throw .timeout(seconds: timeout)
        } catch {
            throw Self.translate(error, timeout: timeout, limit: 64 * 1024)
        }
    }
}
