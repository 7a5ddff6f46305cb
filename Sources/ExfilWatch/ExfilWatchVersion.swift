/// The tool's version, reported by `--version`, in the summary, and in webhook User-Agent headers.
public enum ExfilWatchVersion {
    public static let current = "0.1.0"
}
