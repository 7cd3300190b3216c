import HumanloopAPI
import HumanloopClient
import Testing

@Suite("client.experiments")
struct ExperimentsAPITests {
    @Test func createListUpdateSampleDelete() async throws {
        try await TestServer().run { harness in
            let client = harness.client
            let first = try await client.modelConfigs.register(
                ProjectModelConfigRequest(config: Requests.mockCompletionConfig("first {{x}}"), project: "experiments"))
            let second = try await client.modelConfigs.register(
                ProjectModelConfigRequest(config: Requests.mockCompletionConfig("second {{x}}"), project: "experiments")
            )
            let projectID = first.projectID

            let experiment = try await client.experiments.create(
                projectID: projectID,
                CreateExperimentRequest(
                    name: "which prompt", positiveLabels: [PositiveLabel(type: "rating", value: "good")],
                    configIDs: [first.config.id]))
            #expect(experiment.id.hasPrefix("exp_"))
            #expect(experiment.configs?.map(\.id) == [first.config.id])
            #expect(try await client.experiments.list(projectID: projectID).map(\.id) == [experiment.id])

            let updated = try await client.experiments.update(
                id: experiment.id,
                UpdateExperimentRequest(
                    name: "which prompt wins", configIDsToRegister: [second.config.id],
                    configIDsToDeregister: [first.config.id]))
            #expect(updated.name == "which prompt wins")
            let active = Set(updated.configs?.filter(\.active).map(\.id) ?? [])
            #expect(active == [second.config.id])

            let sample = try await client.experiments.sample(id: experiment.id)
            #expect(sample.config.id == second.config.id)
            #expect(sample.trialID != nil)

            try await client.experiments.delete(id: experiment.id)
            #expect(try await client.experiments.list(projectID: projectID).isEmpty)
            await #expect(throws: HumanloopError.self) { _ = try await client.experiments.sample(id: experiment.id) }
        }
    }
}
