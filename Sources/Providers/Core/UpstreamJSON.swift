import Foundation
import HumanloopAPI
import NIOCore

/// A provider's 2xx JSON answer: checked once and kept as its bytes (for `provider_responses` and the
/// stored log, verbatim), and decodable into the adapter's wire types.
struct UpstreamJSON: Sendable {
    /// The answer as the provider sent it.
    let json: RawJSON
    let provider: ModelProvider

    init(body: ByteBuffer, provider: ModelProvider) throws(ProviderError) {
        let bytes = Array(body.readableBytesView)
        self.provider = provider
        guard let json = try? RawJSON(validating: bytes), json.isObject else {
            throw .malformed(provider, "expected a JSON object, got \(Self.preview(Data(bytes)))")
        }
        self.json = json
    }

    /// The answer as one of the adapter's wire types; a shape that does not fit is a bad gateway.
    ///
    /// Read from `JSONValue(parsing:)`'s tree by `JSONTreeDecoder` (a chunk of a stream or an answer is a
    /// handful of fields, and Foundation's `JSONDecoder` cost more than the rest of the chunk's work);
    /// `JSONDecoder` only when the tree decoder refuses, so a refusal says what it always said.
    func decode<T: Decodable>(_ type: T.Type) throws(ProviderError) -> T {
        if let value = JSONTreeDecoder().decodeIfReadable(type, from: json.bytes) { return value }
        do {
            return try JSONDecoder().decode(type, from: Data(json.bytes))
        } catch {
            throw .malformed(provider, Self.describe(error))
        }
    }

    /// One streamed event's JSON as a wire type, the same way.
    static func decode<T: Decodable>(_ type: T.Type, from text: String, provider: ModelProvider) throws(ProviderError)
        -> T
    {
        if let value = JSONTreeDecoder().decodeIfReadable(type, from: text.utf8) { return value }
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw .malformed(provider, "stream event \(preview(Data(text.utf8))): \(describe(error))")
        }
    }

    /// Where the decoder stopped, without the payload (it may be large).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing '\(path(context.codingPath + [key]))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value at '\(path(context.codingPath))'"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "unreadable value at '\(path(context.codingPath))'"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    static func preview(_ bytes: Data) -> String {
        let text = String(decoding: bytes.prefix(200), as: UTF8.self)
        return "'\(text)\(bytes.count > 200 ? "…" : "")'"
    }
}
