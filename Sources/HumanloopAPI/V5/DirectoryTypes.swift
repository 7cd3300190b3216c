/// `POST /v5/directories` and `PATCH /v5/directories/{id}`: a `path`, or a `name` and/or `parent_id`.
public struct DirectoryRequest: Decodable, Sendable {
    public var name: String?
    public var parentID: String?
    public var path: String?

    enum CodingKeys: String, CodingKey {
        case name, path
        case parentID = "parent_id"
    }
}

/// `DirectoryResponse`.
public struct DirectoryResponse: Encodable, Sendable {
    public var id: String
    public var parentID: String?
    public var name: String
    public var path: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(id: String, parentID: String?, name: String, path: String, createdAt: Timestamp, updatedAt: Timestamp) {
        self.id = id
        self.parentID = parentID
        self.name = name
        self.path = path
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, path, tags, description, readme
        case parentID = "parent_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeOrNull(parentID, forKey: .parentID)
        try container.encode(name, forKey: .name)
        try container.encode(path, forKey: .path)
        try container.encodeOrNull(String?.none, forKey: .description)
        try container.encodeOrNull(String?.none, forKey: .readme)
        try container.encode([String](), forKey: .tags)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// `DirectoryWithParentsAndChildrenResponse`: a directory, what is directly in it, and the ones above it.
public struct DirectoryWithParentsAndChildrenResponse: Encodable, Sendable {
    public var directory: DirectoryResponse
    public var subdirectories: [DirectoryResponse]
    public var files: [V5FileResponse]
    /// The top one first.
    public var parents: [DirectoryResponse]

    public init(
        directory: DirectoryResponse, subdirectories: [DirectoryResponse], files: [V5FileResponse],
        parents: [DirectoryResponse]
    ) {
        self.directory = directory
        self.subdirectories = subdirectories
        self.files = files
        self.parents = parents
    }

    enum CodingKeys: String, CodingKey {
        case subdirectories, files, parents
    }

    public func encode(to encoder: any Encoder) throws {
        try directory.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subdirectories, forKey: .subdirectories)
        try container.encode(files, forKey: .files)
        try container.encode(parents, forKey: .parents)
    }
}
