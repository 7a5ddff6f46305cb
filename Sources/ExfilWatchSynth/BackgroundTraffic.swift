/// Traffic that belongs to no account: load-balancer health checks, internet scanners, garbage on the
/// HTTPS port, and anonymous visitors to public repositories.
///
/// Health checks hit every server twice a minute, which also guarantees that every `access-<k>.log.gz`
/// covers the same hours.
struct BackgroundTraffic {
    let world: World
    let servers: Int

    /// Adds hour `hour`'s background events to `sink`.
    func generate(hour: Int, hourStart: Int64, seed: UInt64, into sink: EventSink) {
        var rng = SynthRandom(seed: seed, stream: 0xBAC6, UInt64(hour))
        // Health checks: every 30 s per server (the ELB default), from alternating balancer nodes.
        for server in 0..<servers {
            let phase = Int64(rng.below(30_000))
            for k in 0..<120 {
                let t = hourStart + Int64(k) * 30_000 + phase + Int64(rng.below(400))
                sink.add(
                    SynthEvent(
                        time: t, seed: rng.next(), actor: -1, repo: -1,
                        ip: world.healthCheckIPs[k & 1], ua: world.healthUA, aux: 0, kind: .healthCheck,
                        flags: EventFlag.anonymous, server: UInt8(server)))
            }
        }
        // Scanners: a visit probes a handful of well-known paths within a minute or two.
        for _ in 0..<rng.poisson(mean: 0.45) {
            var t = hourStart + Int64(rng.below(3_600_000))
            let ip = world.scannerIPs[rng.below(world.scannerIPs.count)]
            let ua = world.scannerUAs[rng.below(world.scannerUAs.count)]
            let server = UInt8(rng.below(servers))
            for _ in 0..<rng.int(2, 20) {
                sink.add(
                    SynthEvent(
                        time: t, seed: rng.next(), actor: -1, repo: -1, ip: ip, ua: ua,
                        aux: Int32(rng.below(WordLists.scannerPaths.count)), kind: .scannerProbe,
                        flags: EventFlag.anonymous, server: server))
                t += Int64(rng.int(80, 9_000))
            }
        }
        // TLS handshakes, SSH banners and empty connections on the HTTP port.
        for _ in 0..<rng.poisson(mean: 0.12) {
            sink.add(
                SynthEvent(
                    time: hourStart + Int64(rng.below(3_600_000)), seed: rng.next(), actor: -1, repo: -1,
                    ip: world.scannerIPs[rng.below(world.scannerIPs.count)], ua: .empty, aux: Int32(rng.below(6)),
                    kind: .oddRequest, flags: EventFlag.anonymous, server: UInt8(rng.below(servers))))
        }
        guard !world.publicRepos.isEmpty else { return }
        // Anonymous readers and cloners of public repositories.
        let scale = Double(world.publicRepos.count)
        for _ in 0..<rng.poisson(mean: 0.6 + scale / 40) {
            let repo = world.publicRepos[rng.below(world.publicRepos.count)]
            let ip = world.anonymousIPs[rng.below(world.anonymousIPs.count)]
            let browsing = rng.chance(0.75)
            let ua =
                browsing
                ? world.browserUAs[rng.below(world.browserUAs.count)]
                : world.developerGitUAs[rng.skewedIndex(world.developerGitUAs.count, skew: 1.5)]
            sink.add(
                SynthEvent(
                    time: hourStart + Int64(rng.below(3_600_000)), seed: rng.next(), actor: -1,
                    repo: repo, ip: ip, ua: ua, aux: Int32(rng.below(6)), kind: browsing ? .webPage : .gitClone,
                    flags: EventFlag.anonymous, server: UInt8(rng.below(servers))))
        }
    }
}
