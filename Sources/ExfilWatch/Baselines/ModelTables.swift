import Foundation

/// The model's per-scale and per-signal numbers in flat arrays of plain values, so the hot path reads
/// them without copying the model's nested structs (and their strings and arrays).
struct ModelTables: Sendable {
    /// Per scale × signal.
    let minShape: [Double]
    let maxShape: [Double]
    /// Per scale.
    let floors: [BaselineModel.Floors]
    let evaluationFloors: [BaselineModel.Floors]
    let scaleNames: [String]
    /// Per scale: evidence (β, windows) at which the predictive shape is halfway to `max_shape`.
    let evidenceHalf: [Double]
    /// Learning's clip level (`learning.clip_score` plus the Bonferroni term, in −log10 p) and its tail
    /// probability `10^−level`, computed once rather than per learned window.
    let clipLevel: Double
    let clipProbability: Double

    init(model: BaselineModel) {
        var lo: [Double] = []
        var hi: [Double] = []
        for s in 0..<model.scales.count {
            for signal in BaselineSignal.allCases {
                lo.append(model.signals[signal].minShape[s])
                hi.append(model.signals[signal].maxShape[s])
            }
        }
        minShape = lo
        maxShape = hi
        floors = model.scales.map(\.floors)
        evaluationFloors = model.scales.map(\.evaluationFloors)
        scaleNames = model.scales.map(\.name)
        evidenceHalf = model.scales.map { max(1, Double(model.newActors.age) / Double($0.window)) }
        clipLevel = model.learning.clipScore + BaselineDetector.log10Signals
        clipProbability = pow(10, -clipLevel)
    }
}
