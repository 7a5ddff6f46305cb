extension ScaleGeometry {
    /// The scales of `model` (its `scales[].bucket` and `window`, seconds).
    init(model: BaselineModel, latenessSeconds: Int64) {
        self.init(
            bucketSeconds: model.scales.map { Int($0.bucket) }, windowSeconds: model.scales.map { Int($0.window) },
            latenessSeconds: latenessSeconds)
    }
}
