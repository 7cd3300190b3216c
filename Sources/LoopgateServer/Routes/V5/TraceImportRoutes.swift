import HumanloopAPI
import Hummingbird
import LoopgateCore

/// `POST /v5/import/otel/v1/traces`: what the 0.8.x SDK's `@prompt`, `@tool` and `@flow` decorators
/// export. The SDK sends OTLP's JSON encoding without a content type, so the body is read as JSON
/// whatever its type says; OTLP's protobuf encoding is refused (415) rather than misread.
struct TraceImportRoutes {
    let traces: TraceImportService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.post("import/otel/v1/traces") { request, context in
            if request.headers[.contentType]?.hasPrefix("application/x-protobuf") == true {
                throw APIError.detail(
                    .unsupportedMediaType, type: "unsupported_media_type_error",
                    message: "send the spans in OTLP's JSON encoding (application/json)")
            }
            let body = try await JSONBody.decode(OTLPTracesRequest.self, from: request, context: context)
            var spans: [(spanID: String?, span: ImportedSpan)] = []
            var errors: [OTLPImportResponse.SpanError] = []
            for span in body.resourceSpans.flatMap(\.scopeSpans).flatMap(\.spans) {
                do {
                    if let imported = try ImportedSpan(otlp: span) { spans.append((span.spanID, imported)) }
                } catch {
                    errors.append(.init(spanID: span.spanID, message: TraceImportService.describe(error)))
                }
            }
            let outcome = await traces.record(spans, orgID: try context.orgID)
            errors += outcome.failures.map { OTLPImportResponse.SpanError(spanID: $0.spanID, message: $0.message) }
            return try JSONBody.response(OTLPImportResponse(records: outcome.logIDs, errors: errors))
        }
    }
}
