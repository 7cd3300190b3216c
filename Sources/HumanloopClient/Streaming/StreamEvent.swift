import Foundation
import HumanloopAPI

/// One event of a generation stream: a response-shaped chunk, or the `{"detail": …}` error event the
/// server sends when the generation fails after the stream has begun.
enum StreamEvent<Chunk: Decodable>: Decodable {
    case chunk(Chunk)
    case failure(detail: JSONValue)

    enum CodingKeys: String, CodingKey {
        case data, detail
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.detail), !container.contains(.data) {
            self = .failure(detail: try container.decode(JSONValue.self, forKey: .detail))
        } else {
            self = .chunk(try Chunk(from: decoder))
        }
    }

    /// Decodes an event's data; an error event becomes the ``HumanloopError`` of its `code`.
    static func chunk(from data: [UInt8], requestID: String?) throws -> Chunk {
        let bytes = Data(data)
        let event: StreamEvent
        do {
            event = try JSONDecoder().decode(StreamEvent.self, from: bytes)
        } catch {
            throw HumanloopError.invalidResponse(
                message: "unreadable stream event: \(error)", requestID: requestID)
        }
        switch event {
        case .chunk(let chunk):
            return chunk
        case .failure(let detail):
            let status: Int
            if case .integer(let code) = detail["code"] {
                status = code
            } else if case .array = detail {
                status = 422
            } else {
                status = 500
            }
            throw HumanloopError(status: status, body: bytes, requestID: requestID)
        }
    }
}
