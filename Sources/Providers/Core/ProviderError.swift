import HumanloopAPI

/// A provider call that failed, typed so the server can answer with the right status.
public struct ProviderError: Error, Sendable, Hashable {
    /// The failure families the server maps to HTTP.
    public enum Kind: Sendable, Hashable {
        /// The provider rejected the request (upstream 400/401/403/404/422).
        case rejected
        /// The provider asked us to slow down (429).
        case rateLimited
        /// The provider failed or answered something unreadable (5xx, malformed body).
        case badGateway
        /// The provider did not answer within the deadline.
        case timeout
        /// No key is configured or given for the provider.
        case missingKey
        /// The provider is in the enum but has no adapter here.
        case unsupported
    }

    public var kind: Kind
    public var provider: ModelProvider
    public var message: String
    /// How long the provider asked to wait (its `Retry-After`) when it refused for its rate limit.
    public var retryAfter: Duration?

    public init(kind: Kind, provider: ModelProvider, message: String, retryAfter: Duration? = nil) {
        self.kind = kind
        self.provider = provider
        self.message = message
        self.retryAfter = retryAfter
    }
}
