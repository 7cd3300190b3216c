import Hummingbird
import LoopgateCore

/// Every `/v4` route needs `X-API-KEY`; a missing or unknown key is a 401 with a JSON body.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = LoopgateRequestContext

    let authenticator: APIKeyAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let key = request.headers[.apiKey], !key.isEmpty else {
            throw APIError.unauthorized("Missing API key: send it in the X-API-KEY header")
        }
        guard let orgID = try await authenticator.organizationID(forKey: key) else {
            throw APIError.unauthorized("Invalid API key")
        }
        var context = context
        context.organizationID = orgID
        return try await next(request, context)
    }
}
