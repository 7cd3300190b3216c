import HumanloopAPI
import Providers
import Storage

/// Every failure the core reports, by family; the server maps each family to one HTTP answer.
public enum GatewayError: Error, Sendable {
    /// The request is malformed or breaks a rule of the API: 422 with the FastAPI `detail` list.
    case invalid([ValidationIssue])
    /// Something the request names does not exist in the caller's organisation: 404.
    case notFound(String)
    /// A unique name or reference is taken: 409.
    case conflict(String)
    /// The request is well-formed but cannot run (no provider key): 422 with the object shape.
    case unprocessable(String)
    /// The provider failed.
    case provider(ProviderFailure)
    /// The operation is part of the API but not served yet: 501 with the object shape.
    case notImplemented(String)
    /// The database cannot be reached: 503.
    case unavailable(String)
    /// Loopgate itself is misconfigured or broken (a schema newer than the build, a rejected statement):
    /// 500, with nothing of the cause in the answer.
    case internalFailure(String)

    /// One validation issue.
    public static func invalid(_ loc: [LocationComponent], _ msg: String, type: String = "value_error") -> GatewayError
    {
        .invalid([ValidationIssue(loc: loc, msg: msg, type: type)])
    }

    /// The family of a failure from below the core (a provider's, the database's), so that the server
    /// maps every failure without knowing the modules they come from; `nil` for anything else.
    public static func classifying(_ error: any Error) -> GatewayError? {
        switch error {
        case let error as GatewayError:
            return error
        case let error as ProviderError:
            return .provider(ProviderFailure(error))
        case let error as StoreError:
            switch error {
            case .conflict(let message): return .conflict(message)
            case .rejected, .invalidConfiguration, .schemaTooNew: return .internalFailure("\(error)")
            default: return .unavailable("\(error)")
            }
        default:
            return nil
        }
    }
}

/// A provider's failure as the server answers it: which provider, what it said, and its family.
public struct ProviderFailure: Sendable {
    public enum Kind: Sendable {
        /// The provider refused the request, or it could not be made (no key, no adapter): 422.
        case rejected
        /// 429.
        case rateLimited
        /// The provider failed or answered something unreadable: 502.
        case badGateway
        /// No answer within the deadline: 504.
        case timeout
    }

    public var kind: Kind
    public var provider: ModelProvider
    public var message: String
    /// The provider's `Retry-After`, for a rate limit.
    public var retryAfter: Duration?

    init(_ error: ProviderError) {
        switch error.kind {
        case .rejected, .missingKey, .unsupported: kind = .rejected
        case .rateLimited: kind = .rateLimited
        case .badGateway: kind = .badGateway
        case .timeout: kind = .timeout
        }
        provider = error.provider
        message = error.message
        retryAfter = error.retryAfter
    }
}
