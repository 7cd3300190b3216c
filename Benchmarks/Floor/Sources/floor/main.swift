import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOPosix

// Two routes on the same stack as Loopgate, with nothing of Loopgate's own work:
//   POST /echo   answers the request body (Hummingbird alone)
//   POST /proxy  sends the body to the upstream and answers its answer, unread (Hummingbird and
//                AsyncHTTPClient, configured as Loopgate's provider client is)
// FLOOR_PORT (18090) and FLOOR_UPSTREAM (the benchmark's fake OpenAI upstream) set where.
let environment = ProcessInfo.processInfo.environment
let port = Int(environment["FLOOR_PORT"] ?? "") ?? 18090
let upstream = environment["FLOOR_UPSTREAM"] ?? "http://127.0.0.1:19081/v1/chat/completions"

var pool = HTTPClient.Configuration.ConnectionPool()
pool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1024
pool.retryConnectionEstablishment = false
var configuration = HTTPClient.Configuration(
    redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(60)),
    connectionPool: pool)
configuration.tracing.tracer = nil
let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)

let router = Router()
router.post("/echo") { request, _ -> Response in
    let body = try await request.body.collect(upTo: 1 << 20)
    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
}
router.post("/proxy") { request, _ -> Response in
    var call = HTTPClientRequest(url: upstream)
    call.method = .POST
    call.headers.add(name: "content-type", value: "application/json")
    call.headers.add(name: "authorization", value: "Bearer sk-floor")
    call.body = .bytes(try await request.body.collect(upTo: 1 << 20))
    let answer = try await client.execute(call, timeout: .seconds(60))
    let body = try await answer.body.collect(upTo: 1 << 24)
    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
}

let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
try await client.shutdown()
