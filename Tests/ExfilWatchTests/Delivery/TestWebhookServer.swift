import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A scriptable HTTP/1.1 server on 127.0.0.1 for the delivery tests: records every request and
/// answers from a script (then 200 once the script is used up).
final class TestWebhookServer: Sendable {
    /// One request as received.
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: HTTPHeaders
        var body: [UInt8]
        /// Arrival, for checking backoff and `Retry-After` waits.
        var received: ContinuousClock.Instant

        func header(_ name: String) -> String? { headers.first(name: name) }
    }

    /// How to answer one request.
    enum Reply: Sendable {
        case status(Int, headers: [(String, String)] = [], body: String = "")
        /// Close the connection without answering (a network error for the client).
        case dropConnection
        /// Never answer (the client times out); the connection closes when the server stops.
        case hang
    }

    let port: Int
    private let channel: any Channel
    private let script: Mutex<[Reply]>
    private let log = Mutex<[Request]>([])

    private init(channel: any Channel, script: [Reply]) {
        self.channel = channel
        self.port = channel.localAddress!.port!
        self.script = Mutex(script)
    }

    /// Starts a server on 127.0.0.1, on `port` (0 picks a free one).
    static func start(port: Int = 0, script: [Reply] = []) async throws -> TestWebhookServer {
        let box = ServerBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try child.pipeline.syncOperations.addHandler(RequestHandler(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        let server = TestWebhookServer(channel: channel, script: script)
        box.server.withLock { $0 = server }
        return server
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request received so far, in order.
    var requests: [Request] { log.withLock { $0 } }

    /// Appends replies to the script.
    func enqueue(_ replies: Reply...) { script.withLock { $0 += replies } }

    /// Stops listening; open connections are closed.
    func stop() async throws {
        try await channel.close()
    }

    fileprivate func nextReply(for request: Request) -> Reply {
        log.withLock { $0.append(request) }
        return script.withLock { $0.isEmpty ? .status(200, body: "ok") : $0.removeFirst() }
    }
}

/// Lets child handlers reach the server object created after the bootstrap binds.
private final class ServerBox: Sendable {
    let server = Mutex<TestWebhookServer?>(nil)
}

private final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let box: ServerBox
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(box: ServerBox) { self.box = box }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            guard let head, let server = box.server.withLock({ $0 }) else { return }
            let request = TestWebhookServer.Request(
                method: "\(head.method)", uri: head.uri, headers: head.headers, body: body, received: .now)
            switch server.nextReply(for: request) {
            case .dropConnection:
                context.close(promise: nil)
            case .hang:
                break
            case .status(let code, let extra, let text):
                var headers = HTTPHeaders(extra)
                headers.add(name: "Content-Length", value: "\(text.utf8.count)")
                let responseHead = HTTPResponseHead(
                    version: head.version, status: HTTPResponseStatus(statusCode: code), headers: headers)
                context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
