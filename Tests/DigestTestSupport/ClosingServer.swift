import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately poor HTTP server, like Python's `http.server` under load: one thread, one
/// request per connection (HTTP/1.0, closed after the answer), a listen backlog of `backlog`
/// so that connection attempts beyond it are dropped by the kernel and retried. Answers come
/// from `route(path)`.
public final class ClosingServer: @unchecked Sendable {
    public let port: Int
    private let fd: CInt
    private let route: @Sendable (String) -> (status: Int, body: [UInt8])
    private let stopped = NSLock()
    private var isStopped = false

    public init(backlog: CInt = 5, route: @escaping @Sendable (String) -> (status: Int, body: [UInt8])) throws {
        self.route = route
        let fd = socket(AF_INET, CInt(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, backlog) == 0 else { throw TestHTTPServer.ServerError(message: "cannot listen: errno \(errno)") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: actual.sin_port))
        _ = fd
        Thread { [self] in serve() }.start()
    }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if stopped.withLock({ isStopped }) { return }
                continue
            }
            var request: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while request.count < 65_536 {
                let read = recv(client, &buffer, buffer.count, 0)
                if read <= 0 { break }
                request += buffer[0..<read]
                if request.count >= 4, request.suffix(4) == [13, 10, 13, 10] { break }
            }
            let line = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self).split(separator: " ")
            let (status, body) = line.count >= 2 ? route(String(line[1])) : (400, [])
            let head = "HTTP/1.0 \(status) X\r\nContent-Type: application/rss+xml\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            let bytes = Array(head.utf8) + body
            _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL)) }
            close(client)
        }
    }

    public func stop() {
        stopped.withLock { isStopped = true }
        shutdown(fd, CInt(SHUT_RDWR))
        close(fd)
    }

    /// A port where nothing listens: bound, then closed.
    public static func refusedPort() -> Int {
        let probe = socket(AF_INET, CInt(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
