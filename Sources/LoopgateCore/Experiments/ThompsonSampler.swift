/// Picks among an experiment's configs by Thompson sampling on their positive-feedback rates: one
/// draw from Beta(1 + successes, 1 + failures) per config, the highest draw wins. Configs that do well
/// are chosen more and more often, while ones with few trials still get explored.
public struct ThompsonSampler<Generator: RandomNumberGenerator> {
    public var generator: Generator

    public init(generator: Generator) {
        self.generator = generator
    }

    /// The index of the chosen arm; `arms` holds (trials, successes) per config and must not be empty.
    public mutating func choose(_ arms: [(trials: Int, successes: Int)]) -> Int {
        var best = 0
        var bestDraw = -1.0
        for (index, arm) in arms.enumerated() {
            let successes = max(0, min(arm.successes, arm.trials))
            let draw = beta(Double(1 + successes), Double(1 + arm.trials - successes))
            if draw > bestDraw {
                best = index
                bestDraw = draw
            }
        }
        return best
    }

    /// A draw from Beta(a, b), as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
    mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(a)
        let y = gamma(b)
        return x / (x + y)
    }

    /// Marsaglia and Tsang's method, for shape ≥ 1 (the Beta parameters here are always ≥ 1).
    mutating func gamma(_ shape: Double) -> Double {
        let d = shape - 1.0 / 3.0
        let c = 1.0 / (9.0 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1.0 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A standard normal draw (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(uniform(), .leastNonzeroMagnitude)
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    mutating func uniform() -> Double {
        Double.random(in: 0..<1, using: &generator)
    }
}

extension ThompsonSampler where Generator == SystemRandomNumberGenerator {
    public init() {
        self.init(generator: SystemRandomNumberGenerator())
    }
}

/// Mean and standard deviation of Beta(1 + successes, 1 + failures), reported as `mean` and `spread`.
public func betaPosterior(trials: Int, successes: Int) -> (mean: Double, spread: Double) {
    let a = Double(1 + max(0, successes))
    let b = Double(1 + max(0, trials - successes))
    let mean = a / (a + b)
    let variance = a * b / ((a + b) * (a + b) * (a + b + 1))
    return (mean, variance.squareRoot())
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
