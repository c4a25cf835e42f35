import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 for the fetcher's tests: each request is answered by a
/// routing closure, with bodies sent at once, dripped a byte at a time, or streamed at length.
public final class TestHTTPServer: Sendable {
    public struct Response: Sendable {
        public var status: HTTPResponseStatus
        public var headers: [(String, String)]
        public var body: Body

        public init(status: HTTPResponseStatus = .ok, headers: [(String, String)] = [], body: Body = .bytes([])) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    public enum Body: Sendable {
        /// The whole body at once, with a Content-Length.
        case bytes([UInt8])
        /// One byte every `interval`, `count` times, without a Content-Length.
        case drip(count: Int, interval: TimeAmount)
        /// `total` bytes in chunks, declaring the length or not.
        case stream(total: Int, declareLength: Bool)
    }

    public let route: @Sendable (HTTPRequestHead) -> Response
    public let requests = Mutex<[HTTPRequestHead]>([])
    /// The body of each request, in the order of `requests` (a POST's payload).
    public let bodies = Mutex<[[UInt8]]>([])
    private let channel = Mutex<Channel?>(nil)
    /// The address it listens on.
    public let host: String

    init(host: String, route: @escaping @Sendable (HTTPRequestHead) -> Response) {
        self.host = host
        self.route = route
    }

    /// Starts a server on a free port of `host` (127.0.0.1 unless told), inside the network
    /// namespace `namespace` (a name under /var/run/netns) when given: its listening socket is
    /// made there, and connections to it come through that namespace's interfaces.
    public static func start(host: String = "127.0.0.1", namespace: String? = nil,
                             _ route: @escaping @Sendable (HTTPRequestHead) -> Response) async throws -> TestHTTPServer {
        let server = TestHTTPServer(host: host, route: route)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(server: server))
                }
            }
        let bound: Channel
        if let namespace {
            bound = try await bootstrap.withBoundSocket(try listeningSocket(host: host, namespace: namespace)).get()
        } else {
            bound = try await bootstrap.bind(host: host, port: 0).get()
        }
        server.channel.withLock { $0 = bound }
        return server
    }

    /// A listening TCP socket on a free port of `host`, made inside another network namespace:
    /// a thread of its own enters the namespace (`setns` moves only the calling thread), makes
    /// the socket and goes back.
    static func listeningSocket(host: String, namespace: String) throws -> CInt {
        final class Outcome: @unchecked Sendable { var fd: CInt = -1; var error = "" }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            // setns(2) needs _GNU_SOURCE, which the Glibc module does not define: found by name.
            typealias SetNS = @convention(c) (CInt, CInt) -> CInt
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns") else { outcome.error = "no setns"; return }
            let setns = unsafeBitCast(symbol, to: SetNS.self)
            let newNet: CInt = 0x4000_0000  // CLONE_NEWNET
            let original = open("/proc/thread-self/ns/net", O_RDONLY)
            let target = open("/var/run/netns/\(namespace)", O_RDONLY)
            defer { close(original); close(target) }
            guard original >= 0, target >= 0, setns(target, newNet) == 0 else { outcome.error = "cannot enter \(namespace)"; return }
            defer { _ = setns(original, newNet) }
            let fd = socket(AF_INET, CInt(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            inet_pton(AF_INET, host, &address.sin_addr)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard fd >= 0, bound == 0, listen(fd, 64) == 0 else { outcome.error = "cannot listen on \(host): errno \(errno)"; return }
            outcome.fd = fd
        }
        thread.start()
        done.wait()
        guard outcome.fd >= 0 else { throw ServerError(message: outcome.error) }
        return outcome.fd
    }

    public struct ServerError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }

    public func url(_ path: String) -> URL {
        URL(string: "http://\(host.contains(":") ? "[\(host)]" : host):\(port)\(path)")!
    }

    public func stop() async {
        let bound = channel.withLock { $0 }
        try? await bound?.close()
    }

    public var paths: [String] { requests.withLock { $0.map(\.uri) } }
}

private final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: TestHTTPServer
    var head: HTTPRequestHead?
    var body: [UInt8] = []

    init(server: TestHTTPServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received):
            head = received
            body = []
        case .body(let buffer):
            // Kept up to a megabyte: a test server, not a sink for anything.
            if body.count < 1 << 20 { body += buffer.readableBytesView.prefix((1 << 20) - body.count) }
        case .end:
            guard let head else { return }
            server.requests.withLock { $0.append(head) }
            server.bodies.withLock { $0.append(body) }
            respond(server.route(head), context: context)
        }
    }

    private func respond(_ response: TestHTTPServer.Response, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        headers.replaceOrAdd(name: "Connection", value: "close")
        switch response.body {
        case .bytes(let bytes): headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
        case .stream(let total, true): headers.replaceOrAdd(name: "Content-Length", value: String(total))
        case .stream, .drip: headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers))), promise: nil)
        switch response.body {
        case .bytes(let bytes):
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
            finish(context)
        case .drip(let count, let interval):
            context.flush()
            drip(context, remaining: count, interval: interval)
        case .stream(let total, _):
            stream(context, remaining: total)
        }
    }

    private func drip(_ context: ChannelHandlerContext, remaining: Int, interval: TimeAmount) {
        guard remaining > 0 else { return finish(context) }
        guard context.channel.isActive else { return }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: [0x20])))), promise: nil)
        context.eventLoop.assumeIsolated().scheduleTask(in: interval) {
            self.drip(context, remaining: remaining - 1, interval: interval)
        }
    }

    private func stream(_ context: ChannelHandlerContext, remaining: Int) {
        guard remaining > 0 else { return finish(context) }
        let size = min(64 * 1024, remaining)
        let chunk = context.channel.allocator.buffer(repeating: UInt8(ascii: "a"), count: size)
        // The next chunk goes only once this one is written, so a client that stops reading stops us too.
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk)))).assumeIsolated().whenComplete { result in
            switch result {
            case .success: self.stream(context, remaining: remaining - size)
            case .failure: context.close(promise: nil)
            }
        }
    }

    private func finish(_ context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
