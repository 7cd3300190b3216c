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
        let handles = MetricHandles<String, Handle>(
            backendIsBootstrapped: { true },
            make: { key in
                made.withLock { $0 += 1 }
                return Handle(key: key)
            })
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

    /// Before the backend is bootstrapped a handle is a no-op for good, so it is not kept: the first use
    /// after the bootstrap makes a live one (the core's unit tests run before the server's bootstrap).
    @Test func aHandleMadeBeforeTheBackendIsBootstrappedIsNotKept() {
        let bootstrapped = Mutex(false)
        let made = Mutex(0)
        let handles = MetricHandles<String, Handle>(
            backendIsBootstrapped: { bootstrapped.withLock { $0 } },
            make: { key in
                made.withLock { $0 += 1 }
                return Handle(key: key)
            })
        let early = handles["provider=mock"]
        bootstrapped.withLock { $0 = true }
        let live = handles["provider=mock"]
        #expect(live !== early)
        #expect(handles["provider=mock"] === live)
        #expect(made.withLock { $0 } == 2)
    }
}
