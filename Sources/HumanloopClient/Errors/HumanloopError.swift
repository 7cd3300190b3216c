import HumanloopAPI

/// Every failure of a ``HumanloopClient`` call, one case per family a caller handles differently.
///
/// ```swift
/// do {
///     _ = try await client.projects.get(id: id)
/// } catch HumanloopError.notFound(let failure) {
///     print("no such project (request \(failure.requestID ?? "?"))")
/// } catch let error as HumanloopError where error.isRetryable {
///     // back off and try again
/// }
/// ```
///
/// Cancelling the calling task is not one of these: the call then throws `CancellationError`.
public enum HumanloopError: Error, Sendable {
    /// `422` with the list of invalid fields.
    case validation(ValidationFailure)
    /// `401`: the API key is missing or unknown.
    case unauthorized(HTTPFailure)
    /// `404`: the resource does not exist, or belongs to another organisation.
    case notFound(HTTPFailure)
    /// `429`: the server or its provider asks the caller to slow down.
    case rateLimited(HTTPFailure)
    /// A `5xx`: the server or the provider behind it failed (`502` provider error, `504` provider timeout,
    /// `503` storage unavailable, `500` anything else).
    case server(HTTPFailure)
    /// Any other refusal: `400`, `409` conflict, a `422` that names no field (for example a provider the
    /// server has no key for).
    case rejected(HTTPFailure)
    /// No answer arrived within the configured timeout.
    case timeout
    /// The server could not be reached, or the connection failed while the answer was read.
    case connection(any Error)
    /// The answer could not be read as the type the call returns.
    case invalidResponse(message: String, requestID: String?)
    /// The client was configured with something it cannot use (no base URL, an invalid URL, no API key).
    case invalidConfiguration(String)

    /// The server's answer, for every case that has one (for validation errors, the answer that carried the list).
    public var failure: HTTPFailure? {
        switch self {
        case .validation(let failure): return failure.response
        case .unauthorized(let failure), .notFound(let failure), .rateLimited(let failure), .server(let failure),
            .rejected(let failure):
            return failure
        case .timeout, .connection, .invalidResponse, .invalidConfiguration: return nil
        }
    }

    /// The HTTP status of the answer, if there was one.
    public var status: Int? { failure?.status }

    /// The `X-Request-Id` of the answer, if there was one.
    public var requestID: String? {
        if case .invalidResponse(_, let requestID) = self { return requestID }
        return failure?.requestID
    }

    /// The validation problems of a `422`, or `[]` for every other failure.
    public var validationIssues: [ValidationIssue] {
        if case .validation(let failure) = self { return failure.detail }
        return []
    }

    /// Whether the same call may succeed when made again later: rate limits, server failures, timeouts and
    /// broken connections.
    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .server, .timeout, .connection: return true
        case .validation, .unauthorized, .notFound, .rejected, .invalidResponse, .invalidConfiguration: return false
        }
    }
}

extension HumanloopError: CustomStringConvertible {
    /// A one-line account of the failure with its status and request id.
    public var description: String {
        switch self {
        case .validation(let failure): return Self.describe("invalid request", failure.response)
        case .unauthorized(let failure): return Self.describe("unauthorized", failure)
        case .notFound(let failure): return Self.describe("not found", failure)
        case .rateLimited(let failure): return Self.describe("rate limited", failure)
        case .server(let failure): return Self.describe("server error", failure)
        case .rejected(let failure): return Self.describe("request rejected", failure)
        case .timeout: return "HumanloopError: no answer within the timeout"
        case .connection(let error): return "HumanloopError: connection failed: \(error)"
        case .invalidResponse(let message, let requestID):
            return "HumanloopError: unreadable answer: \(message)" + (requestID.map { " (request \($0))" } ?? "")
        case .invalidConfiguration(let message): return "HumanloopError: invalid configuration: \(message)"
        }
    }

    static func describe(_ summary: String, _ failure: HTTPFailure) -> String {
        var text = "HumanloopError \(failure.status) \(summary)"
        if !failure.message.isEmpty { text += ": \(failure.message)" }
        if let requestID = failure.requestID { text += " (request \(requestID))" }
        return text
    }
}
