import HumanloopAPI
import HumanloopClient
import Testing

@Suite("client.feedback")
struct FeedbackTests {
    @Test func oneItemOrManyAreRecordedOnTheLog() async throws {
        try await TestServer().run { harness in
            let client = harness.client
            let logID = try await client.complete(Requests.completion(project: "feedback")).data[0].id

            let rating = try await client.feedback(FeedbackRequest(type: "rating", value: "good", dataID: logID))
            #expect(rating.id.hasPrefix("ann_"))
            #expect(rating.value == "good")
            #expect(rating.dataID == logID)

            let several = try await client.feedback([
                FeedbackRequest(type: "comment", value: "clear and short", dataID: logID, user: "ada"),
                FeedbackRequest(type: "correction", value: "Say hello now!", dataID: logID),
            ])
            #expect(several.map(\.type) == ["comment", "correction"])
            #expect(several[0].user == "ada")

            let log = try await client.logs.get(id: logID)
            #expect(Set(log.feedback?.map(\.type) ?? []) == ["rating", "comment", "correction"])

            await #expect(throws: HumanloopError.self) {
                _ = try await client.feedback(FeedbackRequest(type: "rating", value: "good", dataID: "data_missing"))
            }
        }
    }

    @Test func positiveFeedbackCountsForTheExperiment() async throws {
        try await TestServer().run { harness in
            let client = harness.client
            let fixture = try await Fixture.make(client, project: "experiment feedback")
            let response = try await client.completeExperiment(
                CompletionExperimentRequest(
                    config: ExperimentConfig(experimentID: fixture.experimentID), options: fixture.options))
            _ = try await client.feedback(FeedbackRequest(type: "rating", value: "good", dataID: response.data[0].id))
            let experiment = try #require(
                try await client.experiments.list(projectID: fixture.projectID).first { $0.id == fixture.experimentID })
            let config = try #require(experiment.configs?.first)
            #expect(config.trialsCount == 1)
            #expect(config.mean > 0.5)  // Beta(2, 1): one success in one trial
        }
    }
}
