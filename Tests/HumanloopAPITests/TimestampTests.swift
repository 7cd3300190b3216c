import HumanloopAPI
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test func formatsRFC3339WithMicrosecondsAndOffset() {
        #expect(Timestamp(microsecondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00.000000+00:00")
        #expect(Timestamp(microsecondsSinceEpoch: 1_716_842_572_123_456).rfc3339 == "2024-05-27T20:42:52.123456+00:00")
        #expect(Timestamp(microsecondsSinceEpoch: 951_782_400_000_000).rfc3339 == "2000-02-29T00:00:00.000000+00:00")
        #expect(Timestamp(microsecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59.999999+00:00")
    }

    @Test func parsesZuluOffsetsAndDates() {
        #expect(Timestamp(rfc3339: "2024-05-27T20:42:52.123456+00:00")?.microsecondsSinceEpoch == 1_716_842_572_123_456)
        #expect(Timestamp(rfc3339: "2024-05-27T20:42:52Z")?.microsecondsSinceEpoch == 1_716_842_572_000_000)
        #expect(Timestamp(rfc3339: "2024-05-27T22:42:52+02:00")?.microsecondsSinceEpoch == 1_716_842_572_000_000)
        #expect(Timestamp(rfc3339: "2024-05-27")?.microsecondsSinceEpoch == 1_716_768_000_000_000)
        #expect(Timestamp(rfc3339: "2024-13-01") == nil)
        #expect(Timestamp(rfc3339: "yesterday") == nil)
        #expect(Timestamp(rfc3339: "2024-05-27T20:42:52+0") == nil)
    }

    @Test func roundTripsThroughItsText() {
        for micros: Int64 in [0, 1, 999_999, 1_700_000_000_000_001, 4_102_444_800_000_000] {
            let timestamp = Timestamp(microsecondsSinceEpoch: micros)
            #expect(Timestamp(rfc3339: timestamp.rfc3339) == timestamp)
        }
    }
}
