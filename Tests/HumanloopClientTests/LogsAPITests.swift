import HumanloopAPI
import HumanloopClient
import Testing

@Suite("client.logs")
struct LogsAPITests {
    static func logRequest(output: String, reference: String? = nil) -> LogRequest {
        var request = LogRequest()
        request.project = "logs"
        request.config = Requests.mockCompletionConfig("Question: {{q}}")
        request.inputs = ["q": .string(output)]
        request.output = output
        request.referenceID = reference
        request.metadata = ["kind": "logged"]
        return request
    }

    @Test func logOneAndManyThenReadUpdateListDelete() async throws {
        try await TestServer().run { harness in
            let logs = harness.client.logs
            let one = try await logs.log(Self.logRequest(output: "first answer", reference: "ref-1"))
            #expect(one.id.hasPrefix("data_"))
            let many = try await logs.log([
                Self.logRequest(output: "second answer"), Self.logRequest(output: "third answer"),
            ])
            #expect(many.count == 2)
            #expect(Set(many.map(\.projectID)) == [one.projectID])

            let read = try await logs.get(id: one.id)
            #expect(read.output == "first answer")
            #expect(read.referenceID == "ref-1")
            #expect(read.metadata == ["kind": "logged"])

            let updated = try await logs.update(
                id: many[0].id, UpdateLogRequest(output: "second, revised", duration: 1.5))
            #expect(updated.output == "second, revised")
            #expect(updated.duration == 1.5)
            let byReference = try await logs.updateByRef(referenceID: "ref-1", UpdateLogRequest(error: "too slow"))
            #expect(byReference.id == one.id)
            #expect(byReference.error == "too slow")

            let all = try await logs.list(projectID: one.projectID)
            #expect(all.total == 3)
            let searched = try await logs.list(projectID: one.projectID, search: "THIRD")
            #expect(searched.records.map(\.id) == [many[1].id])
            let byMetadata = try await logs.list(projectID: one.projectID, size: 2, metadataSearch: "logged")
            #expect(byMetadata.records.count == 2)
            #expect(byMetadata.total == 3)
            let created = read.createdAt
            let future = Timestamp(microsecondsSinceEpoch: created.microsecondsSinceEpoch + 3_600_000_000)
            #expect(try await logs.list(projectID: one.projectID, startDate: future).total == 0)
            #expect(try await logs.list(projectID: one.projectID, endDate: future).total == 3)

            try await logs.delete(ids: [one.id, many[0].id])
            await #expect(throws: HumanloopError.self) { _ = try await logs.get(id: one.id) }
            #expect(try await logs.list(projectID: one.projectID).records.map(\.id) == [many[1].id])
        }
    }
}
