// Runs the Swift client against a local Loopgate:
//
//     LOOPGATE_API_KEY=lg_example swift run loopgate serve &
//     LOOPGATE_URL=http://127.0.0.1:8080 LOOPGATE_API_KEY=lg_example swift run HumanloopClientExample
//
// It completes a prompt with the offline `mock` provider, streams a chat answer, rates the answer,
// registers and deploys a config, then reads back what the server recorded.
import Foundation
import HumanloopAPI
import HumanloopClient

let environment = ProcessInfo.processInfo.environment
guard let apiKey = environment["LOOPGATE_API_KEY"], !apiKey.isEmpty else {
    print("Set LOOPGATE_API_KEY to a key of the server (and LOOPGATE_URL if it is not http://127.0.0.1:8080).")
    exit(2)
}
var baseURL = environment["LOOPGATE_URL"] ?? "http://127.0.0.1:8080"
while baseURL.hasSuffix("/") { baseURL.removeLast() }
if !baseURL.hasSuffix("/v4") { baseURL += "/v4" }

let client = try HumanloopClient(apiKey: apiKey, baseURL: baseURL, timeout: .seconds(30))
let project = "swift-client-example"

do {
    // A completion with the config inline: the mock echoes the rendered prompt.
    let mock = ModelConfigRequest(model: "mock-1", promptTemplate: "Say {{word}} please", provider: "mock")
    let completion = try await client.complete(
        CompletionRequest(
            config: InlineConfig(modelConfig: mock),
            options: GenerationOptions(project: project, inputs: ["word": "hello"])))
    print("complete:", completion.data[0].output, "→ log", completion.data[0].id)

    // A chat answer, streamed: concatenate the deltas of each sample.
    let stream = try await client.chatStream(
        ChatRequest(
            config: InlineConfig(modelConfig: ModelConfigRequest(model: "mock-1", provider: "mock")),
            chat: ChatOptions(messages: [ChatMessage(role: .user, content: .text("Stream these words back"))]),
            options: GenerationOptions(project: project)))
    var streamed = ""
    var logID = ""
    for try await chunk in stream {
        streamed += chunk.data[0].sample.output
        logID = chunk.data[0].sample.id
    }
    print("chatStream:", streamed, "→ log", logID)

    // Feedback on the streamed answer.
    let feedback = try await client.feedback(FeedbackRequest(type: "rating", value: "good", dataID: logID))
    print("feedback:", feedback.id)

    // Register a config and call it by deployment.
    let registered = try await client.modelConfigs.register(
        ProjectModelConfigRequest(
            config: ModelConfigRequest(model: "mock-1", promptTemplate: "Deployed: {{topic}}", provider: "mock"),
            project: project))
    let environments = try await client.projects.listDeployedConfigs(id: registered.projectID)
    if let production = environments.first(where: { $0.environmentTag == "default" }) {
        try await client.projects.deployConfig(
            projectID: registered.projectID,
            EnvironmentProjectConfigRequest(
                configID: registered.config.id, environments: [EnvironmentRequest(id: production.environmentID)]))
    }
    let deployed = try await client.completeDeployed(
        CompletionDeployedRequest(
            config: DeployedConfig(), options: GenerationOptions(project: project, inputs: ["topic": "Swift"])))
    print("completeDeployed:", deployed.data[0].output)

    // What the server recorded.
    let logs = try await client.logs.list(projectID: registered.projectID, size: 5)
    print("logs in \(project): \(logs.total); newest:", logs.records.first?.output ?? "-")
} catch let error as HumanloopError {
    print(error)
    try await client.shutdown()
    exit(1)
}
try await client.shutdown()
