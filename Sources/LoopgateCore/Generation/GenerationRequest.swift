import HumanloopAPI

/// Whether a generation continues a prompt or a conversation.
public enum GenerationKind: Sendable, Hashable {
    case completion, chat
}

/// How a generation names its config: each API version's endpoints and fields map onto one of these.
public enum ConfigSource: Sendable, Hashable {
    /// The config given whole with the request.
    case inline(ModelConfigRequest)
    /// A stored config by id.
    case stored(id: String)
    /// What the project deploys in an environment (by name; the default environment when `nil`).
    case deployed(environment: String?)
    /// A config drawn per sample from an experiment.
    case experiment(id: String)
}

/// The project a request names. A request that gives both an id and a name is named by its id.
public enum ProjectReference: Sendable, Hashable {
    case id(String)
    /// Found by name, and created on first use where the request may create one.
    case name(String)

    /// The reference of a request's `project_id` and `project` fields: the id when both are given.
    public init?(id: String?, name: String?) {
        if let id {
            self = .id(id)
        } else if let name {
            self = .name(name)
        } else {
            return nil
        }
    }
}

/// A log a new log hangs from, its session or its parent, as a request names it: by id, or by the
/// caller's own reference. A request may give one or the other, not both.
public struct LinkReference: Sendable, Hashable {
    public var id: String?
    public var referenceID: String?

    public init(id: String? = nil, referenceID: String? = nil) {
        self.id = id
        self.referenceID = referenceID
    }
}

/// Where a new log hangs, as the request names it. A session named by reference is created on first use;
/// a parent named by reference is the log recorded with that `reference_id`.
public struct LogLinkReferences: Sendable, Hashable {
    public var session: LinkReference
    public var parent: LinkReference

    public init(session: LinkReference = LinkReference(), parent: LinkReference = LinkReference()) {
        self.session = session
        self.parent = parent
    }
}

/// A generation as the pipeline runs it, whatever API version it came in by: which config, which
/// project, what to render and send, where its logs hang and what they keep. Each wire version maps its
/// request bodies onto this in one place (the v4 adapter is `LoopgateServer/V4`).
public struct GenerationRequest: Sendable {
    public var kind: GenerationKind
    public var config: ConfigSource
    public var project: ProjectReference?
    /// The template's variables.
    public var inputs: JSONObject
    /// The conversation after the config's chat template (chat only).
    public var messages: [ChatMessage]
    public var links: LogLinkReferences
    /// v5: the logs' trace and evaluation run, already checked.
    public var trace = LogTrace()
    /// How many samples to generate (1 to 128; the pipeline checks).
    public var numSamples: Int
    /// `false`: the logs keep their measurements but none of the inputs, messages and outputs.
    public var save: Bool
    /// Whether the answer repeats the inputs with each sample.
    public var returnInputs: Bool
    public var source: String?
    /// The end user the generation is for.
    public var user: String?
    public var metadata: JSONObject?
    public var sourceDatapointID: String?
    /// The sampling seed when the config has none.
    public var seed: Int?
    /// Keys for this call only, before the server's own.
    public var providerAPIKeys: ProviderAPIKeys?
    /// Completion controls.
    public var logprobs: Int?
    public var suffix: String?
    /// Chat controls: which tool the model must call, and the output format (before the config's).
    public var toolChoice: JSONValue?
    public var responseFormat: JSONValue?
    /// The environment the logs record (v5: the body's, else the one the version was deployed in).
    public var environment: String?
    /// The prefix of the logs' ids: `data_` for v4, `log_` for v5.
    public var logIDPrefix: ResourceID.Prefix = .log

    public init(kind: GenerationKind, config: ConfigSource) {
        self.kind = kind
        self.config = config
        self.inputs = [:]
        self.messages = []
        self.links = LogLinkReferences()
        self.numSamples = 1
        self.save = true
        self.returnInputs = true
    }
}
