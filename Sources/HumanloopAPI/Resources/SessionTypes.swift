/// `POST /sessions`: the new session's id.
public struct CreateSessionResponse: Codable, Sendable, Hashable {
    public var id: String

    public init(id: String) {
        self.id = id
    }
}

/// A project a session has logs in.
public struct SessionProjectResponse: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var type: String

    public init(id: String, name: String, type: String = "prompt") {
        self.id = id
        self.name = name
        self.type = type
    }
}

/// A session (`SessionResponse`), with its logs as a tree when read by id.
public struct SessionResponse: Codable, Sendable, Hashable {
    public var id: String
    public var projects: [SessionProjectResponse]
    public var datapointsCount: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var referenceID: String?
    public var firstInputs: JSONObject?
    public var lastOutput: String?
    /// The session's root logs by `created_at`, each with `children` (not in v4; ignored by the SDKs).
    public var logs: [SessionLogNode]?

    public init(
        id: String, projects: [SessionProjectResponse], datapointsCount: Int, createdAt: Timestamp,
        updatedAt: Timestamp,
        referenceID: String?, firstInputs: JSONObject?, lastOutput: String?, logs: [SessionLogNode]?
    ) {
        self.id = id
        self.projects = projects
        self.datapointsCount = datapointsCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.referenceID = referenceID
        self.firstInputs = firstInputs
        self.lastOutput = lastOutput
        self.logs = logs
    }

    enum CodingKeys: String, CodingKey {
        case id, projects, logs
        case datapointsCount = "datapoints_count"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case referenceID = "reference_id"
        case firstInputs = "first_inputs"
        case lastOutput = "last_output"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(projects, forKey: .projects)
        try c.encode(datapointsCount, forKey: .datapointsCount)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encodeOrNull(referenceID, forKey: .referenceID)
        try c.encodeOrNull(firstInputs, forKey: .firstInputs)
        try c.encodeOrNull(lastOutput, forKey: .lastOutput)
        try c.encodeIfPresent(logs, forKey: .logs)
    }
}

/// A log in a session's tree: the log and the logs recorded under it.
public struct SessionLogNode: Codable, Sendable, Hashable {
    public var log: LogResponse
    public var children: [SessionLogNode]

    public init(log: LogResponse, children: [SessionLogNode]) {
        self.log = log
        self.children = children
    }

    enum CodingKeys: String, CodingKey {
        case children
    }

    public init(from decoder: any Decoder) throws {
        self.log = try LogResponse(from: decoder)
        self.children = try decoder.container(keyedBy: CodingKeys.self).decode([SessionLogNode].self, forKey: .children)
    }

    public func encode(to encoder: any Encoder) throws {
        try log.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(children, forKey: .children)
    }
}
