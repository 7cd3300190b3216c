import Foundation
import HumanloopAPI
import NIOCore

extension ProviderError {
    /// The error for a non-2xx answer: the kind follows the status (CONTRACT.md, "Errors"), the message
    /// is the provider's own, scrubbed of the key.
    static func upstream(
        status: Int, body: ByteBuffer?, provider: ModelProvider, request: UpstreamRequest
    ) -> ProviderError {
        let kind: Kind
        switch status {
        case 429: kind = .rateLimited
        case 408: kind = .timeout
        case 400..<500: kind = .rejected
        default: kind = .badGateway
        }
        let said = body.flatMap(Self.providerMessage(in:)) ?? "no explanation given"
        return ProviderError(kind: kind, provider: provider, message: request.redacting("HTTP \(status): \(said)"))
    }

    /// The human-readable message of a provider's error body, whatever its provider's shape:
    /// `{"error":{"message"}}` (OpenAI, Groq, Azure, Google, Anthropic), `{"message"}` (Cohere),
    /// `{"detail": "…"}` or `{"detail":[{"msg"}]}` (AI21), `{"error": "…"}`; else the text itself, cut short.
    static func providerMessage(in body: ByteBuffer) -> String? {
        let bytes = Data(body.readableBytesView)
        if let json = try? JSONValue(parsing: bytes),
            let message = message(in: json)
        {
            return message
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        return text.count > 500 ? String(text.prefix(500)) + "…" : text
    }

    private static func message(in json: JSONValue) -> String? {
        if let message = json["error"]?["message"]?.stringValue { return message }
        if let message = json["message"]?.stringValue { return message }
        if let detail = json["detail"]?.stringValue { return detail }
        if case .array(let items)? = json["detail"] {
            let messages = items.compactMap { $0["msg"]?.stringValue ?? $0["message"]?.stringValue }
            if !messages.isEmpty { return messages.joined(separator: "; ") }
        }
        if let error = json["error"]?.stringValue { return error }
        return nil
    }

    /// A 2xx answer the adapter cannot read.
    static func malformed(_ provider: ModelProvider, _ what: String) -> ProviderError {
        ProviderError(kind: .badGateway, provider: provider, message: "malformed response: \(what)")
    }
}
