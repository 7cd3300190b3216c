import HumanloopAPI
import LoopgateCore
import Providers
import Storage
import Testing

/// The generation pipeline's rules, on the in-memory store and the mock provider (issue 22): each test
/// runs the real `Gateway` with no database or server.
@Suite("Gateway pipeline")
struct GatewayTests {
    /// The failure a call ends with, for checking its family.
    func failure(of call: () async throws -> some Any) async -> GatewayError? {
        do {
            _ = try await call()
            return nil
        } catch let error as GatewayError {
            return error
        } catch {
            Issue.record("not a GatewayError: \(error)")
            return nil
        }
    }

    func isNotFound(_ error: GatewayError?) -> Bool {
        if case .notFound? = error { return true }
        return false
    }

    func invalidLocations(_ error: GatewayError?) -> [[LocationComponent]] {
        guard case .invalid(let issues)? = error else { return [] }
        return issues.map(\.loc)
    }

    // MARK: Configs

    @Test func anInlineConfigIsStoredByContentAndItsLogGoesToTheProjectNamed() async throws {
        let pipeline = try await Pipeline()
        let first = try await pipeline.chat(extra: #","project":"p""#)
        let second = try await pipeline.chat("Again", extra: #","project":"p""#)
        #expect(first.data[0].sample.output == "Hello there")
        #expect(first.data[0].sample.modelConfigID == second.data[0].sample.modelConfigID)
        #expect(first.fields.projectID == second.fields.projectID)
        let projectID = try #require(first.fields.projectID)
        #expect(try await pipeline.store.project(id: projectID, orgID: pipeline.orgID)?.name == "p")
        let logs = try await pipeline.logs(projectID: projectID)
        #expect(Set(logs.map(\.id)) == [first.data[0].sample.id, second.data[0].sample.id])
        #expect(logs.allSatisfy { $0.configID == first.data[0].sample.modelConfigID })
    }

    @Test func aStoredConfigIsFoundByItsIdAndAnUnknownIdIs404() async throws {
        let pipeline = try await Pipeline()
        let inline = try await pipeline.chat(extra: #","project":"p""#)
        let configID = inline.data[0].sample.modelConfigID
        let byID = try await pipeline.gateway.chat(
            try Pipeline.chatBody(
                StoredConfig.self,
                #"{"model_config_id":"\#(configID)","project":"p","messages":[{"role":"user","content":"hi"}]}"#),
            orgID: pipeline.orgID)
        #expect(byID.response.data[0].sample.modelConfigID == configID)
        #expect(byID.response.data[0].sample.output == "hi")
        let unknown = await failure {
            try await pipeline.gateway.chat(
                try Pipeline.chatBody(
                    StoredConfig.self,
                    #"{"model_config_id":"config_nope","project":"p","messages":[{"role":"user","content":"hi"}]}"#),
                orgID: pipeline.orgID)
        }
        #expect(isNotFound(unknown))
    }

    @Test func aDeployedConfigIsFoundPerEnvironment() async throws {
        let pipeline = try await Pipeline()
        let production = try await pipeline.chat(extra: #","project":"p""#)
        let staging = try await pipeline.chat("x", config: Pipeline.secondMockConfig, extra: #","project":"p""#)
        let projectID = try #require(production.fields.projectID)
        let environments = try await pipeline.store.environments(orgID: pipeline.orgID)
        for (environment, answer) in [("production", production), ("staging", staging)] {
            let id = try #require(environments.first { $0.name == environment }?.id)
            try await pipeline.store.deploy(
                projectID: projectID, orgID: pipeline.orgID, environmentIDs: [id],
                configID: answer.data[0].sample.modelConfigID, experimentID: nil)
        }

        func deployed(_ environment: String?) async throws -> ChatResponse {
            let member = environment.map { #","environment":"\#($0)""# } ?? ""
            return try await pipeline.gateway.chat(
                try Pipeline.chatBody(
                    DeployedConfig.self,
                    #"{"project":"p"\#(member),"messages":[{"role":"user","content":"deployed"}]}"#),
                orgID: pipeline.orgID
            ).response
        }
        #expect(try await deployed(nil).data[0].sample.modelConfigID == production.data[0].sample.modelConfigID)
        #expect(try await deployed("staging").data[0].sample.modelConfigID == staging.data[0].sample.modelConfigID)
        #expect(isNotFound(await failure { try await deployed("development") }))
        #expect(isNotFound(await failure { try await deployed("nowhere") }))
    }

    @Test func anExperimentSamplesItsConfigsAndCountsEachSampleAsATrial() async throws {
        let pipeline = try await Pipeline()
        let one = try await pipeline.chat(extra: #","project":"p""#)
        let two = try await pipeline.chat("x", config: Pipeline.secondMockConfig, extra: #","project":"p""#)
        let projectID = try #require(one.fields.projectID)
        let configIDs = [one.data[0].sample.modelConfigID, two.data[0].sample.modelConfigID]
        let experiment = try await pipeline.store.createExperiment(
            projectID: projectID, orgID: pipeline.orgID, name: "e", positiveLabels: "[]", configIDs: configIDs)
        let answer = try await pipeline.gateway.chat(
            try Pipeline.chatBody(
                ExperimentConfig.self,
                #"{"experiment_id":"\#(experiment)","num_samples":20,"messages":[{"role":"user","content":"x"}]}"#),
            orgID: pipeline.orgID
        ).response
        #expect(answer.data.count == 20)
        #expect(answer.data.allSatisfy { configIDs.contains($0.sample.modelConfigID) })
        #expect(answer.fields.projectID == projectID)
        let trials = try #require(try await pipeline.store.experiment(id: experiment, orgID: pipeline.orgID))
            .configs.reduce(0) { $0 + $1.trials }
        #expect(trials == 20)
    }

    // MARK: Projects

    @Test func aProjectIsNamedByIdOrByNameAndAnUnknownIdIs404() async throws {
        let pipeline = try await Pipeline()
        let project = try await pipeline.store.createProject(named: "known", orgID: pipeline.orgID)
        let byID = try await pipeline.chat(extra: #","project_id":"\#(project.id)""#)
        #expect(byID.fields.projectID == project.id)
        // Both given: the id decides.
        let both = try await pipeline.chat(extra: #","project_id":"\#(project.id)","project":"other""#)
        #expect(both.fields.projectID == project.id)
        #expect(try await pipeline.store.project(named: "other", orgID: pipeline.orgID) == nil)
        #expect(isNotFound(await failure { try await pipeline.chat(extra: #","project_id":"pr_nope""#) }))
        #expect(
            invalidLocations(await failure { try await pipeline.chat(extra: #","project":"""#) }) == [
                ["body", "project"]
            ])
    }

    // MARK: Samples

    @Test func samplesOfOneConfigAreOneProviderCallWithALogEach() async throws {
        let openai = KeyRecordingProvider(name: .openai)
        let pipeline = try await Pipeline(providers: [openai], providerKeys: ProviderKeys([.openai: "server-key"]))
        let answer = try await pipeline.gateway.chat(
            try Pipeline.chatBody(
                #"{"model_config":{"provider":"openai","model":"gpt-x"},"project":"p","num_samples":3,"messages":[{"role":"user","content":"x"}]}"#
            ), orgID: pipeline.orgID
        ).response
        #expect(answer.data.map(\.sample.index) == [0, 1, 2])
        #expect(Set(answer.data.map(\.sample.id)).count == 3)
        #expect(openai.keysSeen.count == 1)
        #expect(try await pipeline.logs(projectID: try #require(answer.fields.projectID)).count == 3)
        let outOfRange = await failure { try await pipeline.chat(extra: #","num_samples":0"#) }
        #expect(invalidLocations(outOfRange) == [["body", "num_samples"]])
    }

    // MARK: Sessions and parents

    @Test func sessionsAndParentsAreFoundByIdOrReference() async throws {
        let pipeline = try await Pipeline()
        let first = try await pipeline.chat(extra: #","project":"p","session_reference_id":"conversation-1""#)
        let second = try await pipeline.chat(extra: #","project":"p","session_reference_id":"conversation-1""#)
        let sessionID = try #require(first.fields.sessionID)
        #expect(second.fields.sessionID == sessionID)
        #expect(try await pipeline.store.sessionID(referenceID: "conversation-1", orgID: pipeline.orgID) == sessionID)
        let byID = try await pipeline.chat(extra: #","project":"p","session_id":"\#(sessionID)""#)
        #expect(byID.fields.sessionID == sessionID)
        #expect(try await pipeline.store.logs(sessionID: sessionID, orgID: pipeline.orgID).count == 3)

        #expect(isNotFound(await failure { try await pipeline.chat(extra: #","session_id":"sesh_nope""#) }))
        let both = await failure {
            try await pipeline.chat(extra: #","session_id":"\#(sessionID)","session_reference_id":"x""#)
        }
        #expect(invalidLocations(both) == [["body", "session_reference_id"]])

        var referenced = LogRecord(
            id: ResourceID.make(.log), orgID: pipeline.orgID, saved: true, createdAt: Clock.now())
        referenced.referenceID = "step-1"
        _ = try await pipeline.store.apply([
            GenerationWrite(orgID: pipeline.orgID, sessionReferenceID: nil, logs: [referenced])
        ])
        let child = try await pipeline.chat(extra: #","project":"p","parent_reference_id":"step-1""#)
        #expect(
            try await pipeline.store.log(id: child.data[0].sample.id, orgID: pipeline.orgID)?.parentID == referenced.id)
        let byParentID = try await pipeline.chat(extra: #","project":"p","parent_id":"\#(referenced.id)""#)
        #expect(
            try await pipeline.store.log(id: byParentID.data[0].sample.id, orgID: pipeline.orgID)?.parentID
                == referenced.id)
        #expect(isNotFound(await failure { try await pipeline.chat(extra: #","parent_reference_id":"nope""#) }))
    }

    // MARK: What is kept

    @Test func aCallThatSavesNothingKeepsItsLogWithoutItsPayload() async throws {
        let pipeline = try await Pipeline()
        let answer = try await pipeline.chat(
            "secret words", extra: #","project":"p","save":false,"inputs":{"k":"v"},"metadata":{"m":1}"#)
        #expect(answer.data[0].sample.output == "secret words")
        let log = try #require(try await pipeline.store.log(id: answer.data[0].sample.id, orgID: pipeline.orgID))
        #expect(log.saved == false)
        #expect(log.output == nil)
        #expect(log.inputs == nil)
        #expect(log.metadata == nil)
        #expect(log.messages == nil)
        #expect(log.configID == answer.data[0].sample.modelConfigID)
    }

    @Test func aTemplateVariableMissingFromInputsIsA422NamingIt() async throws {
        let pipeline = try await Pipeline()
        let missing = await failure {
            try await pipeline.gateway.complete(
                try Pipeline.completionBody(
                    #"{"model_config":{"provider":"mock","model":"mock-1","prompt_template":"Hi {{name}} of {{place}}"},"inputs":{"place":"x"}}"#
                ), orgID: pipeline.orgID)
        }
        #expect(invalidLocations(missing) == [["body", "inputs", "name"]])
        let rendered = try await pipeline.gateway.complete(
            try Pipeline.completionBody(
                #"{"model_config":{"provider":"mock","model":"mock-1","prompt_template":"Hi {{name}}"},"inputs":{"name":"Ada"}}"#
            ), orgID: pipeline.orgID)
        #expect(rendered.response.data[0].output == "Hi Ada")
    }

    // MARK: Provider keys

    @Test func theRequestsProviderKeyComesBeforeTheServersAndNoKeyAtAllIsRefused() async throws {
        let openai = KeyRecordingProvider(name: .openai)
        let anthropic = KeyRecordingProvider(name: .anthropic)
        let pipeline = try await Pipeline(
            providers: [openai, anthropic], providerKeys: ProviderKeys([.openai: "server-key"]))
        func chat(_ provider: String, keys: String = "") async throws -> ChatResponse {
            try await pipeline.gateway.chat(
                try Pipeline.chatBody(
                    #"{"model_config":{"provider":"\#(provider)","model":"m"},"messages":[{"role":"user","content":"x"}]\#(keys)}"#
                ), orgID: pipeline.orgID
            ).response
        }
        _ = try await chat("openai")
        _ = try await chat("openai", keys: #","provider_api_keys":{"openai":"request-key"}"#)
        #expect(openai.keysSeen == ["server-key", "request-key"])
        let refused = await failure { try await chat("anthropic") }
        guard case .unprocessable(let message)? = refused else {
            Issue.record("expected a 422 for a provider without a key, got \(String(describing: refused))")
            return
        }
        #expect(message.contains("provider_api_keys.anthropic"))
        #expect(anthropic.keysSeen.isEmpty)
        _ = try await chat("anthropic", keys: #","provider_api_keys":{"anthropic":"mine"}"#)
        #expect(anthropic.keysSeen == ["mine"])
    }
}
