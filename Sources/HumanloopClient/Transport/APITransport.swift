import AsyncHTTPClient
import Foundation
import HumanloopAPI
import NIOCore
import NIOHTTP1

/// Sends ``APIRequest``s over the shared `HTTPClient` and turns answers into values or ``HumanloopError``s.
/// Every call of the client goes through here, so headers, timeouts and error mapping live in one place.
struct APITransport: Sendable {
    let httpClient: HTTPClient
    let configuration: HumanloopClient.Configuration

    static let requestIDHeader = "X-Request-Id"

    /// Sends the request and decodes a 2xx answer as `T`.
    func decode<T: Decodable>(_: T.Type, _ request: APIRequest) async throws -> T {
        let answer = try await send(request)
        do {
            return try JSONDecoder().decode(T.self, from: answer.body)
        } catch {
            throw HumanloopError.invalidResponse(
                message: "cannot read the answer as \(T.self): \(error)", requestID: answer.requestID)
        }
    }

    /// Sends the request and returns a text answer: a JSON string, or the body of a `text/*` answer.
    func text(_ request: APIRequest) async throws -> String {
        let answer = try await send(request)
        if let type = answer.contentType, type.hasPrefix("text/") {
            return String(decoding: answer.body, as: UTF8.self)
        }
        do {
            return try JSONDecoder().decode(String.self, from: answer.body)
        } catch {
            throw HumanloopError.invalidResponse(
                message: "cannot read the answer as text: \(error)", requestID: answer.requestID)
        }
    }

    /// Sends the request and returns the 2xx answer whole.
    @discardableResult
    func send(_ request: APIRequest) async throws -> Answer {
        let response = try await execute(request)
        return try await read(response, requestID: response.headers.first(name: Self.requestIDHeader))
    }

    /// Reads a whole answer; a non-2xx one becomes its ``HumanloopError``.
    func read(_ response: HTTPClientResponse, requestID: String?) async throws -> Answer {
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: configuration.maximumResponseSize)
        } catch is NIOTooManyBytesError {
            throw HumanloopError.invalidResponse(
                message: "the answer is larger than \(configuration.maximumResponseSize) bytes", requestID: requestID)
        } catch {
            throw Self.map(error)
        }
        let bytes = Data(body.readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            throw HumanloopError(status: Int(response.status.code), body: bytes, requestID: requestID)
        }
        return Answer(body: bytes, requestID: requestID, contentType: response.headers.first(name: "Content-Type"))
    }

    /// Sends the request and returns the answer as soon as its head arrives, its body unread.
    func execute(_ request: APIRequest) async throws -> HTTPClientResponse {
        var http = HTTPClientRequest(url: configuration.baseURL + request.target)
        http.method = request.method
        http.headers.add(name: "X-API-KEY", value: configuration.apiKey)
        http.headers.add(name: "Accept", value: request.streaming ? "text/event-stream" : "application/json")
        http.headers.add(name: "User-Agent", value: "HumanloopClient-Swift")
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: "application/json")
            http.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            return try await httpClient.execute(http, deadline: .now() + Self.timeAmount(configuration.timeout))
        } catch {
            throw Self.map(error)
        }
    }

    /// A 2xx answer, read whole.
    struct Answer: Sendable {
        var body: Data
        var requestID: String?
        var contentType: String?
    }

    /// Keeps cancellation as it is and turns AsyncHTTPClient's failures into ``HumanloopError``s.
    static func map(_ error: any Error) -> any Error {
        switch error {
        case is CancellationError, is HumanloopError:
            return error
        case let error as HTTPClientError:
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return HumanloopError.timeout
            case .cancelled:
                return CancellationError()
            default:
                return HumanloopError.connection(error)
            }
        default:
            return HumanloopError.connection(error)
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.nanoseconds)
    }
}
