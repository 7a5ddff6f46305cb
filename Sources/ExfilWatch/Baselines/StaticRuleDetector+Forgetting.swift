/// Forgetting actors for the `--max-actors` cap: a dropped actor's window and episode are gone, and
/// the example addresses of the others are renumbered.
extension StaticRuleDetector {
    public mutating func dropActors(_ remap: IdRemap) {
        actors = remap.compacting(actors)
    }

    public func markSources(_ referenced: inout [Bool]) {
        for state in actors {
            for id in state.sources where Int(id) < referenced.count { referenced[Int(id)] = true }
        }
    }

    public mutating func renumberSources(_ remap: IdRemap) {
        for a in actors.indices where !actors[a].sources.isEmpty {
            actors[a].sources = actors[a].sources.compactMap { remap[$0] }
        }
    }
}
