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
    case provider(ProviderError)
    /// The database cannot be reached: 503.
    case unavailable(String)

    /// One validation issue.
    public static func invalid(_ loc: [LocationComponent], _ msg: String, type: String = "value_error") -> GatewayError
    {
        .invalid([ValidationIssue(loc: loc, msg: msg, type: type)])
    }
}
