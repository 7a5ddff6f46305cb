/// Word lists the world is built from: people, organisations, repositories and file paths.
///
/// Names mix regions to match the time zones the generator uses (Americas, Europe, India, Japan).
enum WordLists {
    /// Company names; the first organisation and the audit `business` are named after one of these.
    static let companies = [
        "northwind", "tailspin", "fabrikam", "contoso", "wingtip", "litware", "adatum", "proseware",
        "woodgrove", "lucerne",
    ]

    /// Further organisation names.
    static let orgs = [
        "platform", "mobile", "data", "infra", "payments", "security", "web", "ml", "internal-tools", "labs",
        "sre", "devex", "commerce", "identity", "growth", "research", "finance-eng", "edge", "apps", "core",
    ]

    static let firstNames = [
        "alice", "bob", "carol", "david", "emma", "frank", "grace", "henry", "isabel", "jack", "karen", "liam",
        "maria", "nathan", "olivia", "peter", "quinn", "rachel", "samuel", "tara", "umar", "victor", "wendy",
        "xavier", "yusuf", "zoe", "aaron", "bianca", "carlos", "diana", "ethan", "fiona", "george", "hannah",
        "ivan", "julia", "kevin", "laura", "marcus", "nina", "oscar", "paula", "ryan", "sofia", "thomas",
        "ursula", "valerie", "william", "amelia", "ben", "chloe", "daniel", "elena", "felix", "gabriel", "hugo",
        "ines", "jonas", "klara", "lukas", "mia", "noah", "paul", "rosa", "sebastian", "tobias", "anna",
        "lars", "sven", "ingrid", "pierre", "camille", "luca", "giulia", "marco", "pablo", "lucia", "javier",
        "priya", "rahul", "ananya", "arjun", "deepika", "vikram", "kavya", "rohan", "sneha", "aditya", "neha",
        "siddharth", "pooja", "karthik", "meera", "haruto", "yuki", "sota", "hina", "ren", "aoi", "kenji",
        "sakura", "takeshi", "yui", "daiki", "mei", "wei", "li", "jun", "min", "hyun", "seo", "ji", "tuan",
        "linh", "omar", "fatima", "ahmed", "leila", "tariq", "amara", "kwame", "chidi", "zainab", "sipho",
        "mateo", "valentina", "diego", "camila", "joao", "beatriz", "rafael", "leon", "emil", "freya",
    ]

    static let lastNames = [
        "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez",
        "hernandez", "lopez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin", "lee",
        "thompson", "white", "harris", "clark", "lewis", "robinson", "walker", "young", "allen", "king",
        "wright", "scott", "green", "baker", "adams", "nelson", "hill", "campbell", "mitchell", "roberts",
        "carter", "phillips", "evans", "turner", "parker", "collins", "edwards", "stewart", "morris", "murphy",
        "cook", "rogers", "morgan", "cooper", "peterson", "reed", "bailey", "bell", "kelly", "howard", "ward",
        "cox", "richardson", "wood", "watson", "brooks", "bennett", "gray", "james", "hughes", "price",
        "sanders", "myers", "long", "ross", "foster", "muller", "schmidt", "schneider", "fischer", "weber",
        "meyer", "wagner", "becker", "hoffmann", "dubois", "moreau", "laurent", "rossi", "russo", "ferrari",
        "esposito", "bianchi", "fernandez", "gonzalez", "sanchez", "perez", "silva", "santos", "oliveira",
        "costa", "jansen", "devries", "nowak", "kowalski", "novak", "andersson", "johansson", "nilsen",
        "sharma", "patel", "gupta", "singh", "kumar", "reddy", "iyer", "nair", "rao", "mehta", "joshi",
        "chopra", "banerjee", "das", "sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto",
        "nakamura", "kobayashi", "kato", "yoshida", "chen", "wang", "zhang", "liu", "huang", "zhao", "wu",
        "kim", "park", "choi", "nguyen", "tran", "pham", "okafor", "mensah", "abubakar", "haddad", "khan",
    ]

    /// First word of a repository name: the domain it serves.
    static let repoDomains = [
        "payments", "ledger", "billing", "checkout", "auth", "identity", "search", "catalog", "inventory",
        "orders", "shipping", "notifications", "email", "analytics", "metrics", "logging", "tracing", "gateway",
        "edge", "web", "mobile", "ios", "android", "desktop", "admin", "dashboard", "reporting", "pricing",
        "fraud", "risk", "recommendations", "feature-store", "data", "etl", "warehouse", "streaming", "events",
        "scheduler", "workflow", "jobs", "config", "secrets", "terraform", "k8s", "helm", "ansible", "docker",
        "build", "release", "deploy", "network", "dns", "monitoring", "alerting", "oncall", "status", "docs",
        "design-system", "frontend", "backend", "graphql", "grpc", "proto", "schema", "sdk", "cli", "bench",
        "load-test", "e2e", "chat", "video", "media", "upload", "storage", "images", "maps", "geo", "profile",
        "account", "onboarding", "growth", "ads", "marketing", "cms", "wiki", "support", "tickets", "crm",
        "payroll", "compliance", "audit", "sso", "ldap", "vpn", "cache", "queue", "rate-limit", "ledger-sync",
        "invoice", "tax", "subscriptions", "wallet", "kyc", "chargeback", "settlement", "forecast", "experiments",
    ]

    /// Second word of a repository name: what kind of thing it is.
    static let repoKinds = [
        "api", "service", "svc", "app", "web", "ui", "sdk", "client", "server", "worker", "workers", "lib",
        "core", "common", "utils", "tools", "cli", "config", "infra", "modules", "charts", "operator", "proxy",
        "pipeline", "jobs", "migrations", "schema", "protos", "docs", "site", "bot", "plugin", "exporter",
        "agent", "e2e", "tests", "mock", "terraform", "dashboards", "playbooks",
    ]

    /// Well-known standalone repository names that most companies have somewhere.
    static let repoClassics = [
        "ios-app", "android-app", "terraform-modules", "helm-charts", "monorepo", "infra-live",
        "k8s-manifests", "dotfiles", "engineering-handbook", "runbooks", "ci-templates", "shared-workflows",
        "eslint-config", "go-common", "python-common", "java-parent", "design-tokens", "api-specs",
        "developer-portal", "incident-postmortems",
    ]

    /// File paths shown in `/blob/main/…` and `/tree/main/…` views, grouped by language family.
    static let pathsByLanguage: [[String]] = [
        [
            "cmd/server/main.go", "internal/handler/http.go", "internal/store/postgres.go", "pkg/client/client.go",
            "go.mod", "Makefile", "internal/config/config.go", "pkg/api/v1/types.go",
        ],
        [
            "src/index.ts", "src/components/Button.tsx", "src/api/client.ts", "package.json", "tsconfig.json",
            "src/pages/Checkout.tsx", "src/hooks/useSession.ts", "webpack.config.js",
        ],
        [
            "src/main/java/com/company/Application.java", "pom.xml",
            "src/main/java/com/company/service/OrderService.java", "src/test/java/com/company/ApiTest.java",
            "build.gradle.kts", "src/main/resources/application.yml",
        ],
        [
            "app/models/user.rb", "app/controllers/api/v1/orders_controller.rb", "Gemfile", "config/routes.rb",
            "db/schema.rb", "spec/models/user_spec.rb",
        ],
        [
            "src/app.py", "src/models.py", "pyproject.toml", "requirements.txt", "tests/test_api.py",
            "src/pipeline/transform.py", "notebooks/exploration.ipynb",
        ],
        [
            "main.tf", "variables.tf", "modules/vpc/main.tf", "environments/prod/terraform.tfvars",
            "charts/app/values.yaml", "ansible/site.yml",
        ],
        [
            "Sources/App/AppDelegate.swift", "Sources/Features/Login/LoginView.swift", "Package.swift",
            "app/src/main/kotlin/com/company/MainActivity.kt", "app/build.gradle",
        ],
    ]

    /// Paths every language family shares.
    static let commonPaths = [
        "README.md", ".github/workflows/ci.yml", "Dockerfile", "docs/architecture.md", "CHANGELOG.md",
        ".gitignore", "CODEOWNERS",
    ]

    /// Branch names used in `/compare/main...<branch>` and push refs.
    static let branches = [
        "feature/retry-backoff", "fix/null-session", "chore/bump-deps", "feature/new-checkout", "release/2025.11",
        "hotfix/rate-limit", "refactor/config-loader", "feature/dark-mode", "fix/flaky-test", "spike/grpc-stream",
    ]

    /// Paths that internet scanners probe on any web server.
    static let scannerPaths = [
        "/.env", "/wp-login.php", "/.git/config", "/actuator/env", "/server-status", "/phpmyadmin/",
        "/owa/auth/logon.aspx", "/.aws/credentials", "/config.json",
        "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
        "/cgi-bin/luci/;stok=/locale", "/api/v1/pods", "/solr/admin/info/system", "/.DS_Store", "/robots.txt",
        "/sitemap.xml", "/favicon.ico", "/xmlrpc.php", "/boaform/admin/formLogin", "/.well-known/security.txt",
        "/HNAP1/", "/debug/default/view?panel=config", "/_ignition/execute-solution", "/telescope/requests",
    ]
}
