import HumanloopAPI
import Testing

/// v5 Datasets: versions by `set`, `add` and `remove` (CONTRACT-v5.md, "Datasets").
@Suite("v5 Datasets")
struct DatasetTests {
    static func ids(_ page: JSONValue) -> [String] {
        page["records"]?.array?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test func versionsAreMadeBySetAddAndRemove() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let first = try await api.postJSON(
                "/v5/datasets",
                #"{"path":"qa/set","datapoints":[{"inputs":{"q":"1"},"target":{"a":1}},{"inputs":{"q":"2"}}]}"#)
            #expect(first["type"] == "dataset" && first["datapoints_count"] == 2)
            let id = try #require(first["id"]?.stringValue)
            let v1 = try #require(first["version_id"]?.stringValue)
            let points = try await api.getJSON("/v5/datasets/\(id)/datapoints")
            let pointIDs = Self.ids(points)
            #expect(pointIDs.count == 2 && points["total"] == 2)
            #expect(points["records"]?[0]?["target"] == ["a": 1] && points["records"]?[1]?["target"] == .null)

            let added = try await api.postJSON(
                "/v5/datasets",
                #"{"id":"\#(id)","action":"add","datapoints":[{"inputs":{"q":"3"}},{"inputs":{"q":"1"},"target":{"a":1}}]}"#
            )
            #expect(added["datapoints_count"] == 3 && added["version_id"]?.stringValue != v1)
            let addedPoints = Self.ids(try await api.getJSON("/v5/datasets/\(id)/datapoints?size=10"))
            // A datapoint keeps its id across versions; the base's come first.
            #expect(Array(addedPoints.prefix(2)) == pointIDs)

            let removed = try await api.postJSON(
                "/v5/datasets", #"{"id":"\#(id)","action":"remove","datapoints":[{"inputs":{"q":"2"}}]}"#)
            #expect(removed["datapoints_count"] == 2)
            let remaining = Self.ids(try await api.getJSON("/v5/datasets/\(id)/datapoints"))
            #expect(remaining == [pointIDs[0], addedPoints[2]])

            // Unchanged content answers the existing version, which becomes the newest.
            let again = try await api.postJSON(
                "/v5/datasets",
                #"{"id":"\#(id)","datapoints":[{"inputs":{"q":"1"},"target":{"a":1}},{"inputs":{"q":"2"}}]}"#)
            #expect(again["version_id"]?.stringValue == v1)
            let versions = try await api.getJSON("/v5/datasets/\(id)/versions")
            #expect(versions["records"]?.array?.count == 3 && versions["records"]?[0]?["version_id"]?.stringValue == v1)

            // A base named by version: add onto the first version, not the newest.
            let branched = try await api.postJSON(
                "/v5/datasets?version_id=\(removed["version_id"]?.stringValue ?? "")",
                #"{"id":"\#(id)","action":"add","datapoints":[{"inputs":{"q":"9"}}]}"#)
            #expect(branched["datapoints_count"] == 3)

            let withPoints = try await api.getJSON("/v5/datasets/\(id)?version_id=\(v1)&include_datapoints=true")
            #expect(withPoints["datapoints"]?.array?.compactMap { $0["id"]?.stringValue } == pointIDs)
            #expect(try await api.getJSON("/v5/datasets/\(id)")["datapoints"] == nil)
            #expect(try await api.getJSON("/v5/datasets/\(id)/datapoints?page=5")["records"] == [])
        }
    }

    @Test func badUpsertsAreRefused() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let missing = try await api.post("/v5/datasets", #"{"path":"qa/bad"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.json()["detail"]?[0]?["loc"] == ["body", "datapoints"])
            let action = try await api.post("/v5/datasets", #"{"path":"qa/bad","datapoints":[],"action":"merge"}"#)
            #expect(action.status == .unprocessableContent)
            #expect(try action.json()["detail"]?[0]?["loc"] == ["body", "action"])
            #expect(try await api.get("/v5/datasets/ds_nope").status == .notFound)
        }
    }
}
