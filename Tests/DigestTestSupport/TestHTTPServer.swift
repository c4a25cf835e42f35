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
    private let channel = Mutex<Channel?>(nil)

    init(route: @escaping @Sendable (HTTPRequestHead) -> Response) {
        self.route = route
    }

    /// Starts a server on a free port of 127.0.0.1.
    public static func start(_ route: @escaping @Sendable (HTTPRequestHead) -> Response) async throws -> TestHTTPServer {
        let server = TestHTTPServer(route: route)
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server.channel.withLock { $0 = bound }
        return server
    }

    public var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }

    public func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
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

    init(server: TestHTTPServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received):
            head = received
        case .body:
            break
        case .end:
            guard let head else { return }
            server.requests.withLock { $0.append(head) }
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
