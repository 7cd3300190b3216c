/// One page of a listing: `records` plus the `page` and `size` asked for and the `total` of matches.
public struct Paginated<Record: Codable & Sendable>: Codable, Sendable {
    public var records: [Record]
    public var page: Int
    public var size: Int
    public var total: Int

    public init(records: [Record], page: Int, size: Int, total: Int) {
        self.records = records
        self.page = page
        self.size = size
        self.total = total
    }
}
