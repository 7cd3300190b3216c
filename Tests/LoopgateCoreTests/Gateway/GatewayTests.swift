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
        let first = try await pipeline.chat { $0.project = .name("p") }
        let second = try await pipeline.chat("Again") { $0.project = .name("p") }
        #expect(first.samples[0].output == "Hello there")
        #expect(first.samples[0].configID == second.samples[0].configID)
        #expect(first.projectID == second.projectID)
        let projectID = try #require(first.projectID)
        #expect(try await pipeline.store.project(id: projectID, orgID: pipeline.orgID)?.name == "p")
        let logs = try await pipeline.logs(projectID: projectID)
        #expect(Set(logs.map(\.id)) == [first.samples[0].logID, second.samples[0].logID])
        #expect(logs.allSatisfy { $0.configID == first.samples[0].configID })
    }

    @Test func aStoredConfigIsFoundByItsIdAndAnUnknownIdIs404() async throws {
        let pipeline = try await Pipeline()
        let inline = try await pipeline.chat { $0.project = .name("p") }
        let configID = inline.samples[0].configID
        let byID = try await pipeline.chat("hi", config: .stored(id: configID)) { $0.project = .name("p") }
        #expect(byID.samples[0].configID == configID)
        #expect(byID.samples[0].output == "hi")
        let unknown = await failure {
            try await pipeline.chat("hi", config: .stored(id: "config_nope")) { $0.project = .name("p") }
        }
        #expect(isNotFound(unknown))
    }

    @Test func aDeployedConfigIsFoundPerEnvironment() async throws {
        let pipeline = try await Pipeline()
        let production = try await pipeline.chat { $0.project = .name("p") }
        let staging = try await pipeline.chat("x", config: .inline(Pipeline.secondMockConfig)) {
            $0.project = .name("p")
        }
        let projectID = try #require(production.projectID)
        let environments = try await pipeline.store.environments(orgID: pipeline.orgID)
        for (environment, answer) in [("production", production), ("staging", staging)] {
            let id = try #require(environments.first { $0.name == environment }?.id)
            try await pipeline.store.deploy(
                projectID: projectID, orgID: pipeline.orgID, environmentIDs: [id],
                configID: answer.samples[0].configID, experimentID: nil)
        }

        func deployed(_ environment: String?) async throws -> GenerationResult {
            try await pipeline.chat("deployed", config: .deployed(environment: environment)) {
                $0.project = .name("p")
            }
        }
        #expect(try await deployed(nil).samples[0].configID == production.samples[0].configID)
        #expect(try await deployed("staging").samples[0].configID == staging.samples[0].configID)
        #expect(isNotFound(await failure { try await deployed("development") }))
        #expect(isNotFound(await failure { try await deployed("nowhere") }))
        // A deployment is looked up in an existing project: naming an unknown one does not create it.
        #expect(
            isNotFound(
                await failure {
                    try await pipeline.chat(config: .deployed(environment: nil)) { $0.project = .name("new") }
                }))
        #expect(try await pipeline.store.project(named: "new", orgID: pipeline.orgID) == nil)
    }

    @Test func anExperimentSamplesItsConfigsAndCountsEachSampleAsATrial() async throws {
        let pipeline = try await Pipeline()
        let one = try await pipeline.chat { $0.project = .name("p") }
        let two = try await pipeline.chat("x", config: .inline(Pipeline.secondMockConfig)) { $0.project = .name("p") }
        let projectID = try #require(one.projectID)
        let configIDs = [one.samples[0].configID, two.samples[0].configID]
        let experiment = try await pipeline.store.createExperiment(
            projectID: projectID, orgID: pipeline.orgID, name: "e", positiveLabels: "[]", configIDs: configIDs)
        let answer = try await pipeline.chat("x", config: .experiment(id: experiment)) { $0.numSamples = 20 }
        #expect(answer.samples.count == 20)
        #expect(answer.samples.allSatisfy { configIDs.contains($0.configID) })
        #expect(answer.projectID == projectID)
        let trials = try #require(try await pipeline.store.experiment(id: experiment, orgID: pipeline.orgID))
            .configs.reduce(0) { $0 + $1.trials }
        #expect(trials == 20)
    }

    // MARK: Projects

    @Test func aProjectIsNamedByIdOrByNameAndAnUnknownIdIs404() async throws {
        let pipeline = try await Pipeline()
        let project = try await pipeline.store.createProject(named: "known", orgID: pipeline.orgID)
        let byID = try await pipeline.chat { $0.project = .id(project.id) }
        #expect(byID.projectID == project.id)
        // Both given: the id decides.
        #expect(ProjectReference(id: project.id, name: "other") == .id(project.id))
        #expect(ProjectReference(id: nil, name: "other") == .name("other"))
        #expect(ProjectReference(id: nil, name: nil) == nil)
        #expect(isNotFound(await failure { try await pipeline.chat { $0.project = .id("pr_nope") } }))
        #expect(
            invalidLocations(await failure { try await pipeline.chat { $0.project = .name("") } }) == [
                ["body", "project"]
            ])
        let unnamed = try await pipeline.chat()
        #expect(unnamed.projectID == nil)
    }

    // MARK: Samples

    @Test func samplesOfOneConfigAreOneProviderCallWithALogEach() async throws {
        let openai = KeyRecordingProvider(name: .openai)
        let pipeline = try await Pipeline(providers: [openai], providerKeys: ProviderKeys([.openai: "server-key"]))
        let answer = try await pipeline.chat(
            "x", config: .inline(ModelConfigRequest(model: "gpt-x", provider: "openai"))
        ) {
            $0.project = .name("p")
            $0.numSamples = 3
        }
        #expect(answer.samples.map(\.index) == [0, 1, 2])
        #expect(Set(answer.samples.map(\.logID)).count == 3)
        #expect(openai.keysSeen.count == 1)
        #expect(try await pipeline.logs(projectID: try #require(answer.projectID)).count == 3)
        for outside in [0, 129] {
            let outOfRange = await failure { try await pipeline.chat { $0.numSamples = outside } }
            #expect(invalidLocations(outOfRange) == [["body", "num_samples"]])
        }
    }

    // MARK: Sessions and parents

    @Test func sessionsAndParentsAreFoundByIdOrReference() async throws {
        let pipeline = try await Pipeline()
        func chat(_ links: LogLinkReferences) async throws -> GenerationResult {
            try await pipeline.chat {
                $0.project = .name("p")
                $0.links = links
            }
        }
        let first = try await chat(LogLinkReferences(session: LinkReference(referenceID: "conversation-1")))
        let second = try await chat(LogLinkReferences(session: LinkReference(referenceID: "conversation-1")))
        let sessionID = try #require(first.sessionID)
        #expect(second.sessionID == sessionID)
        #expect(try await pipeline.store.sessionID(referenceID: "conversation-1", orgID: pipeline.orgID) == sessionID)
        let byID = try await chat(LogLinkReferences(session: LinkReference(id: sessionID)))
        #expect(byID.sessionID == sessionID)
        #expect(try await pipeline.store.logs(sessionID: sessionID, orgID: pipeline.orgID).count == 3)

        #expect(
            isNotFound(await failure { try await chat(LogLinkReferences(session: LinkReference(id: "sesh_nope"))) }))
        let both = await failure {
            try await chat(
                LogLinkReferences(
                    session: LinkReference(id: sessionID, referenceID: "x"),
                    parent: LinkReference(id: "a", referenceID: "b")
                ))
        }
        #expect(invalidLocations(both) == [["body", "session_reference_id"], ["body", "parent_reference_id"]])

        var referenced = LogRecord(
            id: ResourceID.make(.log), orgID: pipeline.orgID, saved: true, createdAt: Clock.now())
        referenced.referenceID = "step-1"
        _ = try await pipeline.store.apply([
            GenerationWrite(orgID: pipeline.orgID, sessionReferenceID: nil, logs: [referenced])
        ])
        let child = try await chat(LogLinkReferences(parent: LinkReference(referenceID: "step-1")))
        #expect(
            try await pipeline.store.log(id: child.samples[0].logID, orgID: pipeline.orgID)?.parentID == referenced.id)
        let byParentID = try await chat(LogLinkReferences(parent: LinkReference(id: referenced.id)))
        #expect(
            try await pipeline.store.log(id: byParentID.samples[0].logID, orgID: pipeline.orgID)?.parentID
                == referenced.id)
        #expect(
            isNotFound(await failure { try await chat(LogLinkReferences(parent: LinkReference(referenceID: "nope"))) }))
        #expect(isNotFound(await failure { try await chat(LogLinkReferences(parent: LinkReference(id: "log_nope"))) }))
    }

    // MARK: What is kept

    @Test func aCallThatSavesNothingKeepsItsLogWithoutItsPayload() async throws {
        let pipeline = try await Pipeline()
        let answer = try await pipeline.chat("secret words") {
            $0.project = .name("p")
            $0.save = false
            $0.inputs = ["k": "v"]
            $0.metadata = ["m": 1]
        }
        #expect(answer.samples[0].output == "secret words")
        let log = try #require(try await pipeline.store.log(id: answer.samples[0].logID, orgID: pipeline.orgID))
        #expect(log.saved == false)
        #expect(log.output == nil)
        #expect(log.inputs == nil)
        #expect(log.metadata == nil)
        #expect(log.messages == nil)
        #expect(log.configID == answer.samples[0].configID)
        #expect(log.outputTokens != nil)
    }

    @Test func aSavedCallKeepsItsPayload() async throws {
        let pipeline = try await Pipeline()
        let answer = try await pipeline.chat("kept words") {
            $0.project = .name("p")
            $0.inputs = ["k": "v"]
            $0.metadata = ["m": 1]
            $0.toolChoice = "none"
        }
        let log = try #require(try await pipeline.store.log(id: answer.samples[0].logID, orgID: pipeline.orgID))
        #expect(log.saved)
        #expect(log.output == "kept words")
        #expect(log.inputs == #"{"k":"v"}"#)
        #expect(log.metadata == #"{"m":1}"#)
        #expect(log.messages?.contains("kept words") == true)
        #expect(log.outputMessage?.contains("assistant") == true)
        #expect(log.toolChoice == #""none""#)
    }

    @Test func aTemplateVariableMissingFromInputsIsA422NamingIt() async throws {
        let pipeline = try await Pipeline()
        func complete(_ template: String, inputs: JSONObject) async throws -> GenerationResult {
            var request = GenerationRequest(
                kind: .completion,
                config: .inline(ModelConfigRequest(model: "mock-1", promptTemplate: template, provider: "mock")))
            request.inputs = inputs
            return try await pipeline.gateway.generate(request, orgID: pipeline.orgID).response
        }
        let missing = await failure { try await complete("Hi {{name}} of {{place}}", inputs: ["place": "x"]) }
        #expect(invalidLocations(missing) == [["body", "inputs", "name"]])
        #expect(try await complete("Hi {{name}}", inputs: ["name": "Ada"]).samples[0].output == "Hi Ada")
        // A chat's template is rendered before the request's messages.
        let template = ModelConfigRequest(
            model: "mock-1", chatTemplate: [ChatMessage(role: .system, content: .text("You help {{who}}"))],
            provider: "mock")
        let chat = try await pipeline.chat("question", config: .inline(template)) { $0.inputs = ["who": "Ada"] }
        #expect(chat.samples[0].messages?.map(\.content) == [.text("You help Ada"), .text("question")])
        let chatMissing = await failure { try await pipeline.chat("question", config: .inline(template)) }
        #expect(invalidLocations(chatMissing) == [["body", "inputs", "who"]])
    }

    // MARK: Provider keys

    @Test func theRequestsProviderKeyComesBeforeTheServersAndNoKeyAtAllIsRefused() async throws {
        let openai = KeyRecordingProvider(name: .openai)
        let anthropic = KeyRecordingProvider(name: .anthropic)
        let pipeline = try await Pipeline(
            providers: [openai, anthropic], providerKeys: ProviderKeys([.openai: "server-key"]))
        func chat(_ provider: String, keys: ProviderAPIKeys? = nil) async throws -> GenerationResult {
            try await pipeline.chat("x", config: .inline(ModelConfigRequest(model: "m", provider: provider))) {
                $0.providerAPIKeys = keys
            }
        }
        _ = try await chat("openai")
        _ = try await chat("openai", keys: ProviderAPIKeys(openai: "request-key"))
        #expect(openai.keysSeen == ["server-key", "request-key"])
        let refused = await failure { try await chat("anthropic") }
        guard case .unprocessable(let message)? = refused else {
            Issue.record("expected a 422 for a provider without a key, got \(String(describing: refused))")
            return
        }
        #expect(message.contains("provider_api_keys.anthropic"))
        #expect(anthropic.keysSeen.isEmpty)
        _ = try await chat("anthropic", keys: ProviderAPIKeys(anthropic: "mine"))
        #expect(anthropic.keysSeen == ["mine"])
    }
}
