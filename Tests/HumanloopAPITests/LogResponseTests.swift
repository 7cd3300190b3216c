import Foundation
import HumanloopAPI
import Testing

@Suite struct LogResponseTests {
    @Test func encodesEveryFieldWithNulls() async throws {
        try await Task.detached { try Self.check() }.value
    }

    static func check() throws {
        var log = LogResponse(
            id: "data_x", createdAt: Timestamp(microsecondsSinceEpoch: 0),
            updatedAt: Timestamp(microsecondsSinceEpoch: 0),
            save: true)
        log.feedback = []
        log.inputs = ["a": 1]
        log.providerRequest = ["model": "m"]
        log.config = ModelConfigResponse(id: "config_x", config: ModelConfigRequest(model: "m", other: [:]))
        let json = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(log))
        #expect(json["evaluation_results"] == [])
        #expect(json["output"] == .null)
        #expect(json["feedback"] == [])
    }
}
