import Foundation
import HTTPTypes
import HumanloopAPI
import Hummingbird
import LoopgateCore
import NIOCore

/// An error answer, already in its wire shape. Every failure reaches the client through this type, so
/// the mapping from failure family to status lives in one place (`init(_:)`).
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    let body: Data

    /// The FastAPI-shaped 422.
    static func validation(_ issues: [ValidationIssue]) -> APIError {
        let body = Data((try? StreamingJSONEncoder().encode(HTTPValidationError(detail: issues))) ?? [])
        return APIError(status: .unprocessableContent, body: body)
    }

    /// The object-shaped error: `{"detail": {type, message, code, origin}}`.
    static func detail(
        _ status: HTTPResponse.Status, type: String, message: String, origin: String = "Humanloop"
    ) -> APIError {
        let detail = ErrorResponse(
            detail: .init(type: type, message: message, code: status.code, origin: origin))
        return APIError(status: status, body: Data((try? StreamingJSONEncoder().encode(detail)) ?? []))
    }

    static func unauthorized(_ message: String) -> APIError {
        detail(.unauthorized, type: "authentication_error", message: message)
    }

    static func notFound(_ message: String) -> APIError {
        detail(.notFound, type: "not_found_error", message: message)
    }

    /// A request body over `LOOPGATE_MAX_BODY_BYTES`, refused by its declared length or as it was read.
    static func bodyTooLarge(limit: Int, declaredLength: Int? = nil) -> APIError {
        let size = declaredLength.map { "of \($0) bytes " } ?? ""
        return detail(
            .contentTooLarge, type: "payload_too_large_error",
            message: "the request body \(size)is over the limit of \(limit) bytes (LOOPGATE_MAX_BODY_BYTES)")
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension APIError {
    /// Maps any failure onto its answer. Unknown failures become a 500 that says nothing of internals.
    init(_ error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as HTTPError:
            self = .detail(
                error.status, type: Self.errorType(for: error.status),
                message: error.body ?? error.status.reasonPhrase)
        case let error as NIOTooManyBytesError:
            // A body read past its limit (`JSONBody`): the same 413 as one refused by its declared length.
            self =
                error.maxBytes.map { APIError.bodyTooLarge(limit: $0) }
                ?? .detail(.contentTooLarge, type: "payload_too_large_error", message: "request body too large")
        default:
            guard let family = GatewayError.classifying(error) else {
                self = .detail(.internalServerError, type: "internal_server_error", message: "internal server error")
                return
            }
            self = Self.from(family)
        }
    }

    /// The `detail.type` of an HTTP status, in the vocabulary of the reference (§1.5).
    static func errorType(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: return "bad_request_error"
        case .unauthorized: return "authentication_error"
        case .notFound: return "not_found_error"
        case .methodNotAllowed: return "method_not_allowed_error"
        case .contentTooLarge: return "payload_too_large_error"
        case .unprocessableContent: return "unprocessable_entity_error"
        case .tooManyRequests: return "rate_limit_error"
        case .serviceUnavailable: return "service_unavailable_error"
        default: return status.code >= 500 ? "internal_server_error" : "bad_request_error"
        }
    }

    static func from(_ error: GatewayError) -> APIError {
        switch error {
        case .invalid(let issues):
            return .validation(issues)
        case .notFound(let message):
            return .notFound(message)
        case .conflict(let message):
            return .detail(.conflict, type: "conflict_error", message: message)
        case .unprocessable(let message):
            return .detail(.unprocessableContent, type: "unprocessable_entity_error", message: message)
        case .unavailable(let message):
            return .detail(.serviceUnavailable, type: "service_unavailable_error", message: message)
        case .notImplemented(let message):
            return .detail(.notImplemented, type: "not_implemented_error", message: message)
        case .internalFailure:
            return .detail(.internalServerError, type: "internal_server_error", message: "internal server error")
        case .provider(let failure):
            let origin = failure.provider.displayName
            let message = "\(origin): \(failure.message)"
            switch failure.kind {
            case .rejected:
                return .detail(
                    .unprocessableContent, type: "unprocessable_entity_error", message: message, origin: origin)
            case .rateLimited:
                return .detail(.tooManyRequests, type: "rate_limit_error", message: message, origin: origin)
            case .badGateway:
                return .detail(.badGateway, type: "bad_gateway_error", message: message, origin: origin)
            case .timeout:
                return .detail(.gatewayTimeout, type: "gateway_timeout_error", message: message, origin: origin)
            }
        }
    }
}

extension ModelProvider {
    /// The provider's name as error messages and `origin` spell it.
    var displayName: String {
        switch self {
        case .openai: return "OpenAI"
        case .openaiAzure: return "Azure OpenAI"
        case .ai21: return "AI21"
        case .mock: return "Mock"
        case .anthropic: return "Anthropic"
        case .langchain: return "LangChain"
        case .cohere: return "Cohere"
        case .replicate: return "Replicate"
        case .bedrock: return "Bedrock"
        case .google: return "Google"
        case .groq: return "Groq"
        }
    }
}
