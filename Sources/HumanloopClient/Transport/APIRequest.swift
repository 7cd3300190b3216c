import Foundation
import NIOHTTP1

/// One call of the API before it is sent: method, path below the base URL, query and JSON body.
struct APIRequest: Sendable {
    var method: HTTPMethod
    /// The path below the base URL, each segment percent-encoded, starting with `/`.
    var path: String
    var query: [(name: String, value: String)]
    var body: Data?
    /// Whether the answer is a `text/event-stream`.
    var streaming = false

    /// A request for the path made of `segments`, each encoded on its own so an id can never add a segment.
    init(
        _ method: HTTPMethod, _ segments: [String], query: [(name: String, value: String?)] = [], body: Data? = nil
    ) {
        self.method = method
        self.path = "/" + segments.map(Self.percentEncoded).joined(separator: "/")
        self.query = query.compactMap { item in item.value.map { (item.name, $0) } }
        self.body = body
    }

    /// A request whose body is `value` as JSON.
    init<Body: Encodable>(
        _ method: HTTPMethod, _ segments: [String], query: [(name: String, value: String?)] = [], json value: Body
    ) throws {
        self.init(method, segments, query: query, body: try JSONEncoder().encode(value))
    }

    /// The path and the encoded query, to append to the base URL.
    var target: String {
        guard !query.isEmpty else { return path }
        return path + "?"
            + query.map { Self.percentEncoded($0.name) + "=" + Self.percentEncoded($0.value) }
            .joined(separator: "&")
    }

    static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// RFC 3986 percent-encoding of everything but the unreserved characters, for path segments and
    /// query names and values alike.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true)
                    + String(byte & 0x0F, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}
