import NIOCore
import NIOPosix
import Synchronization

/// A small SMTP server on 127.0.0.1 (RFC 5321's minimum: EHLO/HELO, MAIL, RCPT, DATA, RSET,
/// NOOP, QUIT) that keeps every message it accepts, for tests that send mail through a real
/// MTA client. It can be told to refuse messages, as a full mailbox or a spam filter would.
public final class SMTPSink: Sendable {
    /// One message as received.
    public struct Message: Sendable {
        /// The envelope sender and recipients.
        public var from: String
        public var recipients: [String]
        /// The message, dot-unstuffed, CRLF line ends.
        public var data: String
    }

    /// Messages accepted so far.
    public let messages = Mutex<[Message]>([])
    /// While set, every message is refused at the end of DATA with this reply (`554 …`).
    public let refusal = Mutex<String?>(nil)
    private let channel = Mutex<Channel?>(nil)

    /// The port it listens on.
    public var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }

    /// Starts a sink on a free port.
    public static func start() async throws -> SMTPSink {
        let sink = SMTPSink()
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(SMTPSession(sink: sink)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        sink.channel.withLock { $0 = bound }
        return sink
    }

    public func stop() async {
        let bound = channel.withLock { $0 }
        try? await bound?.close()
    }
}

/// One connection: lines in, replies out.
private final class SMTPSession: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let sink: SMTPSink
    var pending: [UInt8] = []
    var from = ""
    var recipients: [String] = []
    var inData = false
    var data: [String] = []

    init(sink: SMTPSink) {
        self.sink = sink
    }

    func channelActive(context: ChannelHandlerContext) {
        reply("220 sink.test ESMTP ready", context: context)
    }

    func channelRead(context: ChannelHandlerContext, data input: NIOAny) {
        pending += unwrapInboundIn(input).readableBytesView
        // A test sink: lines past 1 MB are not expected, and the whole session stays small.
        while let end = pending.firstIndex(of: 0x0A) {
            var line = Array(pending[..<end])
            pending.removeSubrange(...end)
            if line.last == 0x0D { line.removeLast() }
            handle(String(decoding: line, as: UTF8.self), context: context)
        }
    }

    private func handle(_ line: String, context: ChannelHandlerContext) {
        if inData {
            guard line != "." else {
                inData = false
                if let refusal = sink.refusal.withLock({ $0 }) {
                    reply(refusal, context: context)
                } else {
                    let message = SMTPSink.Message(from: from, recipients: recipients, data: data.joined(separator: "\r\n"))
                    sink.messages.withLock { $0.append(message) }
                    reply("250 2.0.0 queued", context: context)
                }
                data = []
                return
            }
            data.append(line.hasPrefix("..") ? String(line.dropFirst()) : line)
            return
        }
        let verb = line.prefix(4).uppercased()
        switch verb {
        case "EHLO": reply("250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760", context: context)
        case "HELO": reply("250 sink.test", context: context)
        case "MAIL":
            from = Self.address(line)
            recipients = []
            reply("250 2.1.0 ok", context: context)
        case "RCPT":
            recipients.append(Self.address(line))
            reply("250 2.1.5 ok", context: context)
        case "DATA":
            guard !recipients.isEmpty else { return reply("503 5.5.1 no recipients", context: context) }
            inData = true
            reply("354 end with <CRLF>.<CRLF>", context: context)
        case "RSET":
            from = ""
            recipients = []
            reply("250 2.0.0 ok", context: context)
        case "NOOP": reply("250 2.0.0 ok", context: context)
        case "QUIT":
            reply("221 2.0.0 bye", context: context)
            context.close(promise: nil)
        default: reply("502 5.5.2 not implemented", context: context)
        }
    }

    /// The address inside `<…>` of a MAIL or RCPT line.
    static func address(_ line: String) -> String {
        guard let open = line.firstIndex(of: "<"), let close = line.lastIndex(of: ">"), open < close else { return "" }
        return String(line[line.index(after: open)..<close])
    }

    private func reply(_ text: String, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }
}
