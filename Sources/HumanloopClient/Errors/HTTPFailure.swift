import HumanloopAPI

/// An error answer from the server: its status, its message and the id it gave the request.
///
/// Loopgate (like the hosted API) answers failures with `{"detail": {"type", "message", "code", "origin"}}`;
/// the fields of that object are read when present, and `body` keeps the raw text whatever its shape.
public struct HTTPFailure: Sendable, Hashable {
    /// The HTTP status code, e.g. `404`. For an error event that ended a stream, the `code` of that event.
    public var status: Int
    /// The machine-readable kind of failure (`detail.type`, e.g. `not_found_error`), when the server sent one.
    public var type: String?
    /// The server's message (`detail.message`), or the raw body when it was not the documented shape.
    public var message: String
    /// Who raised the error (`detail.origin`): a provider such as `OpenAI`, or `Humanloop` for the gateway.
    public var origin: String?
    /// The `X-Request-Id` header of the answer: quote it when reporting a problem to the server's operator.
    public var requestID: String?
    /// The raw response body.
    public var body: String

    /// Creates a failure from its parts.
    public init(
        status: Int, type: String? = nil, message: String, origin: String? = nil, requestID: String? = nil,
        body: String = ""
    ) {
        self.status = status
        self.type = type
        self.message = message
        self.origin = origin
        self.requestID = requestID
        self.body = body
    }
}
