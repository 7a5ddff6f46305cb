/// User-agent strings as real clients send them, grouped by the role they play in the logs.
///
/// None contains a double quote or a backslash, so they can be written into both the combined log and JSON
/// without escaping.
enum UserAgents {
    /// Everyday git clients of developers (weighted by order: earlier entries are more common).
    static let developerGit = [
        "git/2.43.0", "git/2.39.3 (Apple Git-145)", "git/2.47.1", "git/2.45.2", "git/2.43.0.windows.1",
        "git/2.39.5 (Apple Git-154)", "git/2.44.0", "git/2.46.2", "git/2.34.1", "JGit/6.7.0.202309050840-r",
        "git/2.42.0.windows.2", "git/2.40.1",
    ]

    /// git clients of CI runners and other automation.
    static let automationGit = [
        "git/2.43.0", "JGit/6.7.0.202309050840-r", "git/2.45.1", "git/2.39.5", "JGit/5.13.0.202109080827-r",
        "git/2.47.0",
    ]

    /// Clients a compromised token or a one-off script tends to use; rare among developers.
    static let scriptedGit = [
        "git/2.25.1", "go-git/5.11.0", "git/2.30.2", "JGit/6.7.0.202309050840-r", "git/2.20.1", "go-git/5.4.2",
        "git/2.17.1", "libgit2 1.7.1",
    ]

    /// git-lfs transfer agents.
    static let lfs = [
        "git-lfs/3.4.1 (GitHub; darwin arm64; go 1.21.5)", "git-lfs/3.5.1 (GitHub; linux amd64; go 1.22.2)",
        "git-lfs/3.4.0 (GitHub; windows amd64; go 1.21.1; git d92d5e2b)",
        "git-lfs/3.6.0 (GitHub; darwin arm64; go 1.23.3)",
    ]

    /// Desktop browsers.
    static let browsers = [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/130.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0"
            + " Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1"
            + " Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0"
            + " Safari/537.36 Edg/130.0.0.0",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
    ]

    /// API clients developers use day to day.
    static let apiTools = [
        "GitHub CLI 2.62.0", "octokit-rest.js/20.1.1 octokit-core.js/5.2.0 Node.js/20", "curl/8.5.0",
        "python-requests/2.31.0", "Go-http-client/1.1", "GitHub CLI 2.58.0", "PostmanRuntime/7.42.0",
    ]

    /// HTTP tools used by sweeps and exports (scripted downloads).
    static let downloadTools = [
        "curl/8.5.0", "python-requests/2.31.0", "Wget/1.21.4", "curl/7.81.0", "python-requests/2.32.3",
        "Go-http-client/1.1", "aiohttp/3.9.5",
    ]

    /// Internet scanners and crawlers hitting the public endpoint.
    static let scanners = [
        "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)", "Mozilla/5.0 zgrab/0.x",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129"
            + " Safari/537.36",
        "python-requests/2.25.1", "Go-http-client/1.1", "curl/7.68.0",
        "Mozilla/5.0 (compatible; InternetMeasurement/1.0; +https://internet-measurement.com/)",
        "Mozilla/5.0 (Linux; Android 6.0; HTC One M9 Build/MRA58K) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/52.0.2743.98 Mobile Safari/537.36",
    ]

    /// The load balancer's health checker.
    static let healthCheck = "ELB-HealthChecker/2.0"
}
