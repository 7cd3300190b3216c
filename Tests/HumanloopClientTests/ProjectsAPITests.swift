import HumanloopAPI
import HumanloopClient
import Testing

@Suite("client.projects")
struct ProjectsAPITests {
    @Test func createGetListUpdateDelete() async throws {
        try await TestServer().run { harness in
            let projects = harness.client.projects
            let alpha = try await projects.create(
                CreateProjectRequest(
                    name: "alpha", feedbackTypes: [FeedbackTypeRequest(type: "tone", feedbackClass: "text")]))
            #expect(alpha.id.hasPrefix("pr_"))
            #expect(alpha.feedbackTypes.contains { $0.type == "tone" })
            _ = try await projects.create(CreateProjectRequest(name: "beta"))
            _ = try await projects.create(CreateProjectRequest(name: "alphabet"))

            #expect(try await projects.get(id: alpha.id).name == "alpha")
            let filtered = try await projects.list(filter: "ALPHA", sortBy: .name, order: .ascending)
            #expect(filtered.records.map(\.name) == ["alpha", "alphabet"])
            #expect(filtered.total == 2)
            let paged = try await projects.list(page: 1, size: 2, sortBy: .name, order: .descending)
            #expect(paged.records.map(\.name) == ["alpha"])
            #expect(paged.page == 1)
            #expect(paged.size == 2)
            #expect(paged.total == 3)

            let renamed = try await projects.update(id: alpha.id, UpdateProjectRequest(name: "alpha two"))
            #expect(renamed.name == "alpha two")
            try await projects.delete(id: alpha.id)
            await #expect(throws: HumanloopError.self) { _ = try await projects.get(id: alpha.id) }
        }
    }

    @Test func configsActiveConfigAndDeployments() async throws {
        try await TestServer().run { harness in
            let client = harness.client
            let fixture = try await Fixture.make(client, project: "deployments")
            let projects = client.projects

            let configs = try await projects.listConfigs(id: fixture.projectID)
            #expect(configs.map(\.config.id) == [fixture.configID])
            #expect(try await projects.getActiveConfig(id: fixture.projectID).config.id == fixture.configID)

            // Deactivate, then deploy again by environment id.
            let project = try await projects.deactivateConfig(id: fixture.projectID)
            #expect(project.activeConfig == nil)
            await #expect(throws: HumanloopError.self) { _ = try await projects.getActiveConfig(id: fixture.projectID) }
            let environments = try await projects.listDeployedConfigs(id: fixture.projectID)
            let production = try #require(environments.first { $0.environmentTag == "default" })
            #expect(production.modelConfigID == nil)
            let deployed = try await projects.deployConfig(
                projectID: fixture.projectID,
                EnvironmentProjectConfigRequest(
                    configID: fixture.configID, environments: [EnvironmentRequest(id: production.environmentID)]))
            #expect(deployed.first { $0.environmentID == production.environmentID }?.modelConfigID == fixture.configID)
            #expect(
                try await projects.getActiveConfig(id: fixture.projectID, environment: production.environmentName)
                    .config.id == fixture.configID)

            try await projects.deleteDeployedConfig(
                projectID: fixture.projectID, environmentID: production.environmentID)
            let after = try await projects.listDeployedConfigs(id: fixture.projectID)
            #expect(after.first { $0.environmentID == production.environmentID }?.modelConfigID == nil)

            // The experiment as the active deployment, then removed.
            let withExperiment = try await projects.update(
                id: fixture.projectID, UpdateProjectRequest(activeExperimentID: fixture.experimentID))
            #expect(withExperiment.activeExperiment?.id == fixture.experimentID)
            let sampled = try await projects.getActiveConfig(id: fixture.projectID)
            #expect(sampled.trialID != nil)
            let withoutExperiment = try await projects.deactivateExperiment(id: fixture.projectID)
            #expect(withoutExperiment.activeExperiment == nil)
        }
    }

    @Test func feedbackTypesAndExport() async throws {
        try await TestServer().run { harness in
            let client = harness.client
            let project = try await client.projects.create(CreateProjectRequest(name: "export"))
            let created = try await client.projects.createFeedbackType(
                id: project.id,
                FeedbackTypeRequest(
                    type: "quality", values: [FeedbackLabel(value: "great", sentiment: "positive")],
                    feedbackClass: "select"))
            #expect(created.type == "quality")
            #expect(created.values == [FeedbackLabel(value: "great", sentiment: "positive")])
            let updated = try await client.projects.updateFeedbackTypes(
                id: project.id,
                [
                    FeedbackTypeRequest(
                        type: "quality",
                        values: [
                            FeedbackLabel(value: "great", sentiment: "positive"),
                            FeedbackLabel(value: "poor", sentiment: "negative"),
                        ], feedbackClass: "select")
                ])
            #expect(updated.first { $0.type == "quality" }?.values?.map(\.value) == ["great", "poor"])
            #expect(try await client.projects.get(id: project.id).feedbackTypes.contains { $0.type == "quality" })

            var request = Requests.completion(project: nil)
            request.options.projectID = project.id
            for word in ["one", "two", "three"] {
                request.options.inputs = ["word": .string(word)]
                _ = try await client.complete(request)
            }
            let page = try await client.projects.export(id: project.id, page: 0, size: 2)
            #expect(page.total == 3)
            #expect(page.records.map(\.output) == ["Say three now", "Say two now"])
            let next = try await client.projects.export(id: project.id, page: 1, size: 2)
            #expect(next.records.map(\.output) == ["Say one now"])
        }
    }
}
