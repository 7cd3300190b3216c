import HumanloopAPI
import HumanloopClient

/// A project with a registered (and so deployed) mock config, `hello {{x}}`, and an experiment over it.
struct Fixture {
    let projectID: String
    let configID: String
    let experimentID: String

    static func make(_ client: HumanloopClient, project: String = "fixture") async throws -> Fixture {
        let registered = try await client.modelConfigs.register(
            ProjectModelConfigRequest(config: Requests.mockCompletionConfig("hello {{x}}"), project: project))
        let experiment = try await client.experiments.create(
            projectID: registered.projectID,
            CreateExperimentRequest(
                name: "fixture experiment", positiveLabels: [PositiveLabel(type: "rating", value: "good")],
                configIDs: [registered.config.id]))
        return Fixture(projectID: registered.projectID, configID: registered.config.id, experimentID: experiment.id)
    }

    /// Options naming the fixture's project, with `x` for the template.
    var options: GenerationOptions {
        GenerationOptions(projectID: projectID, inputs: ["x": "you"])
    }
}
