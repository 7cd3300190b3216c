import HumanloopAPI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wall-clock time in microseconds, for `created_at` and friends.
public enum Clock {
    public static func nowMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000
    }

    public static func now() -> Timestamp {
        Timestamp(microsecondsSinceEpoch: nowMicros())
    }
}
