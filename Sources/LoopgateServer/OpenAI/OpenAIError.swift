import Foundation
import HTTPTypes
import HumanloopAPI
import Hummingbird
import LoopgateCore
import NIOCore

/// An error answer of `/v1`, in OpenAI's shape and with OpenAI's statuses, so the `openai` SDKs raise
/// their own exception types: every invalid request is a 400 (never a 422), an unknown model a 404,
/// upstream failures 429 (with the provider's `Retry-After`), 502 and 504.
struct OpenAIError: HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let body: OpenAIErrorBody
    var retryAfter: Duration?

    init(_ status: HTTPResponse.Status, _ message: String, type: String, param: String? = nil, code: String? = nil) {
        self.status = status
        self.body = OpenAIErrorBody(message: message, type: type, param: param, code: code)
    }

    static func invalid(_ message: String, param: String? = nil) -> OpenAIError {
        OpenAIError(.badRequest, message, type: "invalid_request_error", param: param)
    }

    /// Validation issues as one 400: their messages, the first one's field (without `body`) as `param`.
    static func invalid(_ issues: [ValidationIssue]) -> OpenAIError {
        let param = issues.first.map { $0.loc.drop { $0 == "body" }.dotted }
        return .invalid(
            issues.isEmpty ? "the request is not valid" : issues.map(\.msg).joined(separator: "; "),
            param: param?.isEmpty == false ? param : nil)
    }

    static func modelNotFound(_ model: String, _ reason: String? = nil) -> OpenAIError {
        let why = reason.map { ": \($0)" } ?? ""
        return OpenAIError(
            .notFound,
            "The model '\(model)' does not exist or you do not have access to it\(why). Name a provider's model "
                + "(PROVIDER/MODEL, e.g. mock/mock-1) or a deployment (loopgate:PROJECT[@ENVIRONMENT]).",
            type: "invalid_request_error", param: "model", code: "model_not_found")
    }

    static func unauthorized(_ message: String) -> OpenAIError {
        OpenAIError(.unauthorized, message, type: "invalid_request_error", code: "invalid_api_key")
    }

    /// Any failure in OpenAI's shape.
    init(_ error: any Error) {
        switch error {
        case let error as OpenAIError:
            self = error
        case let error as APIError:
            self = Self.from(error)
        default:
            guard let family = GatewayError.classifying(error) else {
                self = OpenAIError(.internalServerError, "internal server error", type: "server_error")
                return
            }
            self = Self.from(family)
        }
    }

    static func from(_ error: GatewayError) -> OpenAIError {
        switch error {
        case .invalid(let issues):
            return .invalid(issues)
        case .notFound(let message):
            return OpenAIError(.notFound, message, type: "invalid_request_error")
        case .conflict(let message):
            return OpenAIError(.conflict, message, type: "invalid_request_error")
        case .unprocessable(let message):
            return .invalid(message)
        case .notImplemented(let message):
            return OpenAIError(.notImplemented, message, type: "invalid_request_error")
        case .unavailable(let message):
            return OpenAIError(.serviceUnavailable, message, type: "server_error")
        case .internalFailure:
            return OpenAIError(.internalServerError, "internal server error", type: "server_error")
        case .provider(let failure):
            let message = "\(failure.provider.rawValue): \(failure.message)"
            switch failure.kind {
            case .rejected: return .invalid(message)
            case .rateLimited:
                var answer = OpenAIError(
                    .tooManyRequests, message, type: "rate_limit_error", code: "rate_limit_exceeded")
                answer.retryAfter = failure.retryAfter
                return answer
            case .badGateway: return OpenAIError(.badGateway, message, type: "api_error")
            case .timeout: return OpenAIError(.gatewayTimeout, message, type: "api_error", code: "timeout")
            }
        }
    }

    /// An error already answered in the v4 shape (a body that is not JSON, one over the size limit).
    static func from(_ error: APIError) -> OpenAIError {
        if error.status == .unprocessableContent,
            let validation = try? JSONDecoder().decode(HTTPValidationError.self, from: error.body)
        {
            return .invalid(validation.detail)
        }
        let parsed = try? JSONValue(parsing: Array(error.body))
        let message = parsed?["detail"]?["message"]?.stringValue ?? error.status.reasonPhrase
        switch error.status {
        case .unauthorized: return .unauthorized(message)
        case .badRequest: return .invalid(message)
        default:
            return OpenAIError(
                error.status, message, type: error.status.code >= 500 ? "server_error" : "invalid_request_error")
        }
    }

    var encodedBody: [UInt8] {
        (try? StreamingJSONEncoder().encode(body)) ?? []
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter {
            headers[.retryAfter] = String(max(1, Int((Double(retryAfter.components.seconds)).rounded(.up))))
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: encodedBody)))
    }
}

/// Every `/v1` failure answered in OpenAI's shape (inside the server's outermost middleware, which still
/// stamps request ids and records metrics).
struct OpenAIErrorMiddleware: RouterMiddleware {
    typealias Context = LoopgateRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let answer = OpenAIError(error)
            if answer.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            return try answer.response(from: request, context: context)
        }
    }
}

/// `/v1` takes the Loopgate key as the OpenAI SDKs send theirs, `Authorization: Bearer <key>`, or in
/// `X-API-KEY`; the same keys and organisations as v4 and v5.
struct OpenAIAuthenticationMiddleware: RouterMiddleware {
    typealias Context = LoopgateRequestContext

    let authenticator: APIKeyAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var key = request.headers[.apiKey]
        if key == nil, let authorization = request.headers[.authorization],
            authorization.lowercased().hasPrefix("bearer ")
        {
            key = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        }
        guard let key, !key.isEmpty else {
            throw OpenAIError.unauthorized(
                "You didn't provide an API key: send your Loopgate key as 'Authorization: Bearer <key>'")
        }
        guard let orgID = try await authenticator.organizationID(forKey: key) else {
            throw OpenAIError.unauthorized("Incorrect API key provided")
        }
        var context = context
        context.organizationID = orgID
        return try await next(request, context)
    }
}
