import HumanloopAPI
import HumanloopClient
import Testing

@Suite("client.modelConfigs")
struct ModelConfigsAPITests {
    @Test func registerGetAndThePromptFileConversions() async throws {
        try await TestServer().run { harness in
            let configs = harness.client.modelConfigs
            let config = ModelConfigRequest(
                model: "mock-1", promptTemplate: "Summarise {{text}}", name: "summary", provider: "mock",
                temperature: 0.5)
            let registered = try await configs.register(ProjectModelConfigRequest(config: config, project: "configs"))
            #expect(registered.projectName == "configs")
            #expect(registered.config.id.hasPrefix("config_"))
            // The first config of a project becomes its active one.
            #expect(
                try await harness.client.projects.get(id: registered.projectID).activeConfig?.config.id
                    == registered.config.id)

            let read = try await configs.get(id: registered.config.id)
            #expect(read.promptTemplate == "Summarise {{text}}")
            #expect(read.temperature == 0.5)
            #expect(read.name == "summary")

            let exported = try await configs.export(id: registered.config.id)
            #expect(exported.contains("Summarise {{text}}"))
            let serialized = try await configs.serialize(config)
            #expect(serialized == exported)
            let deserialized = try await configs.deserialize(serialized)
            #expect(deserialized.id == registered.config.id)
            #expect(deserialized.model == "mock-1")

            await #expect(throws: HumanloopError.self) { _ = try await configs.get(id: "config_missing") }
            await #expect(throws: HumanloopError.self) { _ = try await configs.deserialize("not a prompt file") }
        }
    }
}
