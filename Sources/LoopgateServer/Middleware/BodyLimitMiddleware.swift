import Hummingbird

/// Gives every request the configured body limit (`LOOPGATE_MAX_BODY_BYTES`), which `JSONBody` reads
/// bodies up to. (A request context is made by Hummingbird from the connection alone, so the setting
/// reaches it here.)
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = LoopgateRequestContext

    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.maxBodyBytes = maxBodyBytes
        return try await next(request, context)
    }
}
