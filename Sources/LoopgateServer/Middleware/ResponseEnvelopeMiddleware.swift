import HTTPTypes
import HumanloopAPI
import Hummingbird
import Logging

/// The outermost middleware: turns every failure into its JSON answer and stamps every response with
/// `X-Request-Id` (echoed when the client sent one) and `Server-Timing` (Loopgate's own time and the
/// provider's, so the gateway's overhead is visible per request), and records the request's metrics.
struct ResponseEnvelopeMiddleware: RouterMiddleware {
    typealias Context = LoopgateRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        let requestID = request.headers[.requestID] ?? ResourceID.randomCharacters(count: 16)
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let answer = APIError(error)
            if answer.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            response = try answer.response(from: request, context: context)
        }
        let total = ContinuousClock.now - started
        let provider = context.timing.providerTime
        RequestMetrics.record(
            route: context.endpointPath ?? "unmatched", method: request.method.rawValue,
            status: Int(response.status.code),
            total: total, provider: provider)
        response.headers[.requestID] = requestID
        response.headers[.serverTiming] =
            "gateway;dur=\(Self.milliseconds(total - provider)), provider;dur=\(Self.milliseconds(provider))"
        return response
    }

    static func milliseconds(_ duration: Duration) -> String {
        let microseconds = max(
            0, duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000)
        return String(Double(microseconds) / 1000)
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let serverTiming = HTTPField.Name("Server-Timing")!
    static let apiKey = HTTPField.Name("X-API-KEY")!
}
