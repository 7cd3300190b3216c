import HumanloopAPI

extension HumanloopClient {
    /// Posts a generation body and decodes the whole answer.
    func generate<Body: GenerationBody, Response: Decodable>(_ body: Body, at path: String) async throws -> Response {
        try await transport.decode(Response.self, APIRequest(.POST, [path], json: prepare(body, streaming: false)))
    }

    /// Posts a generation body with `stream: true` and returns its chunks.
    func generateStream<Body: GenerationBody, Chunk: Decodable & Sendable>(_ body: Body, at path: String)
        async throws -> AsyncThrowingStream<Chunk, any Error>
    {
        try await transport.stream(Chunk.self, APIRequest(.POST, [path], json: prepare(body, streaming: true)))
    }

    /// The body as it is sent: `stream` set for the kind of call, and the client's provider keys filling
    /// the slots the call left empty.
    func prepare<Body: GenerationBody>(_ body: Body, streaming: Bool) -> Body {
        var body = body
        body.options.stream = streaming ? true : nil
        let keys = (body.options.providerAPIKeys ?? ProviderAPIKeys()).filling(from: configuration.providerAPIKeys)
        if !keys.isEmpty { body.options.providerAPIKeys = keys }
        return body
    }
}
