import Foundation
import HumanloopAPI

extension HumanloopError {
    /// The error for a non-2xx answer, read from its status and body.
    init(status: Int, body: Data, requestID: String?) {
        let text = String(decoding: body, as: UTF8.self)
        let decoder = JSONDecoder()
        if status == 422, let validation = try? decoder.decode(HTTPValidationError.self, from: body) {
            let response = HTTPFailure(
                status: status, type: "unprocessable_entity_error",
                message: ValidationIssue.summary(of: validation.detail),
                requestID: requestID, body: text)
            self = .validation(ValidationFailure(detail: validation.detail, response: response))
            return
        }
        var failure = HTTPFailure(status: status, message: text, requestID: requestID, body: text)
        if let detail = try? decoder.decode(ErrorResponse.self, from: body).detail {
            failure.type = detail.type
            failure.message = detail.message
            failure.origin = detail.origin
        }
        self.init(classifying: failure)
    }

    /// The case for a failure, by its status.
    init(classifying failure: HTTPFailure) {
        switch failure.status {
        case 401: self = .unauthorized(failure)
        case 404: self = .notFound(failure)
        case 429: self = .rateLimited(failure)
        case 500...: self = .server(failure)
        default: self = .rejected(failure)
        }
    }
}
