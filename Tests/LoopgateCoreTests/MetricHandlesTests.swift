import LoopgateCore
import Synchronization
import Testing

@Suite("Metric handles")
struct MetricHandlesTests {
    final class Handle: Sendable {
        let key: String
        init(key: String) { self.key = key }
    }

    /// Each set of dimensions makes its handle once; every later record reuses it.
    @Test func aHandleIsMadeOncePerKeyAndReused() async {
        let made = Mutex(0)
        let handles = MetricHandles<String, Handle> { key in
            made.withLock { $0 += 1 }
            return Handle(key: key)
        }
        let first = handles["route=/v4/chat status=200"]
        for _ in 0..<100 {
            #expect(handles["route=/v4/chat status=200"] === first)
        }
        let other = handles["route=/v4/chat status=422"]
        #expect(other !== first)
        #expect(other.key == "route=/v4/chat status=422")
        #expect(made.withLock { $0 } == 2)

        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask { _ = handles["route=/v4/chat status=200"] }
            }
        }
        #expect(made.withLock { $0 } == 2)
    }
}
