/// `POST /feedback` item: a judgement on a log.
public struct FeedbackRequest: Codable, Sendable, Hashable {
    /// `rating`, `action`, `issue`, `correction`, `comment`, or a custom type name.
    public var type: String
    /// A label, text or number (0.7: also a boolean or a list of labels); absent when unsetting.
    public var value: JSONValue?
    public var dataID: String?
    public var user: String?
    public var createdAt: Timestamp?
    /// Remove the current value of this type instead of setting one.
    public var unset: Bool?

    public init(
        type: String, value: JSONValue? = nil, dataID: String? = nil, user: String? = nil, createdAt: Timestamp? = nil,
        unset: Bool? = nil
    ) {
        self.type = type
        self.value = value
        self.dataID = dataID
        self.user = user
        self.createdAt = createdAt
        self.unset = unset
    }

    enum CodingKeys: String, CodingKey {
        case type, value, user, unset
        case dataID = "data_id"
        case createdAt = "created_at"
    }
}

/// Recorded feedback (`FeedbackResponse`).
public struct FeedbackResponse: Codable, Sendable, Hashable {
    public var id: String
    public var type: String
    public var value: JSONValue
    public var dataID: String?
    public var user: String?
    public var createdAt: Timestamp?

    public init(id: String, type: String, value: JSONValue, dataID: String?, user: String?, createdAt: Timestamp?) {
        self.id = id
        self.type = type
        self.value = value
        self.dataID = dataID
        self.user = user
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, type, value, user
        case dataID = "data_id"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(value, forKey: .value)
        try c.encodeOrNull(dataID, forKey: .dataID)
        try c.encodeOrNull(user, forKey: .user)
        try c.encodeOrNull(createdAt, forKey: .createdAt)
    }
}

/// A body that is one item or a list of items; the answer mirrors the form it was given.
public enum OneOrMany<Item: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    case one(Item)
    case many([Item])

    public init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [Item] = []
            while !list.isAtEnd { items.append(try list.decode(Item.self)) }
            self = .many(items)
        } else {
            self = .one(try Item(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .one(let item): try item.encode(to: encoder)
        case .many(let items): try items.encode(to: encoder)
        }
    }

    /// The items, however they came.
    public var items: [Item] {
        switch self {
        case .one(let item): return [item]
        case .many(let items): return items
        }
    }
}
