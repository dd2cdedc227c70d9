//! The fixed vocabulary of the language: kinds, attributes and their types.
//!
//! Everything here is data. The model checks declarations against these tables, the
//! reference page `docs/reference.md` is generated from them, and the linter and renderers
//! read the kind of a component through [`Kind`].

use serde::Serialize;

/// The family a kind belongs to; it decides what a declaration's body may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// A box in the drawing; its body holds ports only.
    Component,
    /// A component that runs other components (a VM, a host, a cluster): when it fails,
    /// everything inside it fails.
    Host,
    /// A frame around other declarations; it has no ports.
    Group,
}

macro_rules! kinds {
    ($($variant:ident = $name:literal, $family:ident, $doc:literal;)*) => {
        /// The kind of a declaration, from the language's closed vocabulary.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind { $(#[doc = $doc] $variant,)* }

        impl Kind {
            /// Every kind, in the order of the reference documentation.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The keyword that introduces this kind in source.
            pub fn name(self) -> &'static str {
                match self { $(Kind::$variant => $name,)* }
            }

            /// The family of this kind.
            pub fn family(self) -> Family {
                match self { $(Kind::$variant => Family::$family,)* }
            }

            /// One line of documentation.
            pub fn doc(self) -> &'static str {
                match self { $(Kind::$variant => $doc,)* }
            }
        }
    };
}

kinds! {
    Person = "person", Component, "A human user or group of users: an entry point of traffic.";
    External = "external", Component, "A third-party system outside your control (Stripe, an email provider, a partner API).";
    Dns = "dns", Component, "A DNS service or record set (Route 53), possibly with health-checked failover.";
    Cdn = "cdn", Component, "A content delivery network (CloudFront) that caches and serves content near users.";
    Lb = "lb", Component, "A load balancer (ALB, NLB, an ingress controller) that spreads traffic over healthy targets.";
    Gateway = "gateway", Component, "An API gateway: the routed, throttled front door of an API.";
    Waf = "waf", Component, "A web application firewall that filters requests before they reach the application.";
    Service = "service", Component, "A long-running application service (an API, a web app, a microservice).";
    Container = "container", Component, "A single container (for example in Docker Compose).";
    Function = "function", Component, "A serverless function (Lambda) that runs per event or request.";
    Database = "database", Component, "A database (relational or not) that holds authoritative state.";
    Cache = "cache", Component, "An in-memory cache (Redis, Memcached) in front of slower stores.";
    Queue = "queue", Component, "A durable message queue (SQS, RabbitMQ): producers hand work over and go on.";
    Topic = "topic", Component, "A publish/subscribe topic (SNS) that fans messages out to subscribers.";
    Stream = "stream", Component, "A durable, ordered event stream or log (Kinesis, Kafka).";
    Bucket = "bucket", Component, "An object store bucket (S3).";
    Registry = "registry", Component, "A container image or artefact registry (ECR, Docker Hub).";
    Ci = "ci", Component, "A CI/CD pipeline (GitHub Actions, GitLab CI) that builds, tests and deploys.";
    Repo = "repo", Component, "A source code repository (GitHub, GitLab).";
    Monitoring = "monitoring", Component, "Monitoring, logging or alerting (CloudWatch, Prometheus, Grafana).";
    Nat = "nat", Component, "A NAT gateway giving private subnets outbound access.";
    Vm = "vm", Host, "A virtual machine (EC2) that can run other components.";
    Host = "host", Host, "A physical or otherwise unmanaged machine (a laptop, a bare-metal server).";
    Cluster = "cluster", Host, "A container orchestration cluster (EKS, Kubernetes, ECS cluster).";
    Group = "group", Group, "A plain frame around related declarations (Docker Compose, a subsystem).";
    Namespace = "namespace", Group, "A Kubernetes namespace: an isolation unit for a team or a tier.";
    Vpc = "vpc", Group, "A virtual private network.";
    Subnet = "subnet", Group, "A subnet of a VPC, public or private.";
    Region = "region", Group, "A cloud region: a failure domain for what is declared inside it.";
    Zone = "zone", Group, "An availability zone: a failure domain for what is declared inside it.";
}

impl Kind {
    /// Looks a kind up by its keyword.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Whether a body of this kind may hold nested declarations.
    pub fn can_contain(self) -> bool {
        self.family() != Family::Component
    }

    /// Whether this kind may declare ports.
    pub fn has_ports(self) -> bool {
        self.family() != Family::Group
    }
}

/// Words people often type for a kind, mapped to the kind they mean. Used for
/// did-you-mean suggestions only; these words are not accepted as kinds.
pub const KIND_SYNONYMS: &[(&str, Kind)] = &[
    ("db", Kind::Database),
    ("rds", Kind::Database),
    ("postgres", Kind::Database),
    ("postgresql", Kind::Database),
    ("mysql", Kind::Database),
    ("dynamodb", Kind::Database),
    ("aurora", Kind::Database),
    ("redis", Kind::Cache),
    ("elasticache", Kind::Cache),
    ("memcached", Kind::Cache),
    ("lambda", Kind::Function),
    ("fn", Kind::Function),
    ("serverless", Kind::Function),
    ("sqs", Kind::Queue),
    ("rabbitmq", Kind::Queue),
    ("sns", Kind::Topic),
    ("pubsub", Kind::Topic),
    ("kafka", Kind::Stream),
    ("kinesis", Kind::Stream),
    ("s3", Kind::Bucket),
    ("storage", Kind::Bucket),
    ("ecr", Kind::Registry),
    ("alb", Kind::Lb),
    ("elb", Kind::Lb),
    ("nlb", Kind::Lb),
    ("loadbalancer", Kind::Lb),
    ("load-balancer", Kind::Lb),
    ("ingress", Kind::Lb),
    ("apigateway", Kind::Gateway),
    ("api-gateway", Kind::Gateway),
    ("cloudfront", Kind::Cdn),
    ("route53", Kind::Dns),
    ("ec2", Kind::Vm),
    ("server", Kind::Vm),
    ("instance", Kind::Vm),
    ("machine", Kind::Host),
    ("k8s", Kind::Cluster),
    ("kubernetes", Kind::Cluster),
    ("eks", Kind::Cluster),
    ("ecs", Kind::Cluster),
    ("ns", Kind::Namespace),
    ("az", Kind::Zone),
    ("user", Kind::Person),
    ("users", Kind::Person),
    ("client", Kind::Person),
    ("actor", Kind::Person),
    ("app", Kind::Service),
    ("api", Kind::Service),
    ("microservice", Kind::Service),
    ("worker", Kind::Service),
    ("docker", Kind::Container),
    ("pod", Kind::Container),
    ("github", Kind::Repo),
    ("git", Kind::Repo),
    ("pipeline", Kind::Ci),
    ("cicd", Kind::Ci),
    ("cloudwatch", Kind::Monitoring),
    ("prometheus", Kind::Monitoring),
    ("grafana", Kind::Monitoring),
    ("firewall", Kind::Waf),
    ("saas", Kind::External),
    ("thirdparty", Kind::External),
    ("third-party", Kind::External),
];

/// The type of an attribute value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `true`, `false`, or a bare flag.
    Bool,
    /// A non-negative number.
    Number,
    /// A whole count (`3`) or a range of counts (`2..20`, `2..N`).
    Count,
    /// A duration with a unit: `30s`, `15min`.
    Duration,
    /// A quoted string.
    Text,
    /// A bare word; when the slice is not empty, one of those words.
    Word(&'static [&'static str]),
    /// A reference to another declaration, by name; when the slice is not empty, to a
    /// declaration of one of those kinds.
    Ref(&'static [Kind]),
    /// An amount of money: a number, or a string such as `"500 EUR/month"`.
    Money,
    /// A list of values of the inner type; a single value is accepted as a list of one.
    List(&'static Ty),
    /// Any of the listed types.
    Either(&'static [Ty]),
}

impl Ty {
    /// How the type reads in a diagnostic or in the reference.
    pub fn describe(&self) -> String {
        match self {
            Ty::Bool => "a boolean".into(),
            Ty::Number => "a number".into(),
            Ty::Count => "a count or a range (`3`, `2..20`, `2..N`)".into(),
            Ty::Duration => "a duration (`30s`, `15min`)".into(),
            Ty::Text => "a string".into(),
            Ty::Word([]) => "a word".into(),
            Ty::Word(words) => format!(
                "one of {}",
                words
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Ty::Ref([]) => "a name".into(),
            Ty::Ref(kinds) => format!(
                "the name of a {}",
                crate::suggest::one_of(&kinds.iter().map(|k| k.name()).collect::<Vec<_>>())
            ),
            Ty::Money => "an amount (`0`, `\"500 EUR/month\"`)".into(),
            Ty::List(inner) => format!("{} or a list of them", inner.describe()),
            Ty::Either(tys) => {
                let parts: Vec<String> = tys.iter().map(|t| t.describe()).collect();
                match parts.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {}", rest.join(", "), last)
                    }
                    _ => parts.join(""),
                }
            }
        }
    }
}

/// Which declarations (or arrows, or the context) an attribute applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applies {
    /// Every component and host.
    Components,
    /// Every declaration, groups included.
    Declarations,
    /// Only these kinds.
    Kinds(&'static [Kind]),
}

impl Applies {
    /// Whether a declaration of `kind` may carry the attribute.
    pub fn allows(self, kind: Kind) -> bool {
        match self {
            Applies::Components => kind.family() != Family::Group,
            Applies::Declarations => true,
            Applies::Kinds(kinds) => kinds.contains(&kind),
        }
    }

    /// How the set reads in a diagnostic or in the reference.
    pub fn describe(self) -> String {
        match self {
            Applies::Components => "every component and host".into(),
            Applies::Declarations => "every declaration".into(),
            Applies::Kinds(kinds) => kinds
                .iter()
                .map(|k| format!("`{}`", k.name()))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// An attribute the language knows.
#[derive(Clone, Copy, Debug)]
pub struct AttrSpec {
    pub name: &'static str,
    pub ty: Ty,
    pub applies: Applies,
    pub doc: &'static str,
}

use Kind as K;

const COMPUTE: &[Kind] = &[
    K::Service,
    K::Container,
    K::Function,
    K::Vm,
    K::Host,
    K::Cluster,
];
const STORES: &[Kind] = &[
    K::Database,
    K::Cache,
    K::Queue,
    K::Topic,
    K::Stream,
    K::Bucket,
    K::Registry,
    K::Vm,
    K::Host,
];
const STATEFUL: &[Kind] = &[K::Database, K::Cache, K::Stream, K::Bucket, K::Vm, K::Host];
const REPLICATED: &[Kind] = &[
    K::Service,
    K::Container,
    K::Function,
    K::Vm,
    K::Host,
    K::Cluster,
    K::Database,
    K::Cache,
    K::Lb,
    K::Gateway,
    K::Nat,
    K::Stream,
];
const MULTI_AZ: &[Kind] = &[
    K::Database,
    K::Cache,
    K::Queue,
    K::Topic,
    K::Stream,
    K::Bucket,
    K::Cluster,
    K::Lb,
    K::Gateway,
    K::Nat,
];

const CRITICALITY: &[&str] = &["critical", "high", "medium", "low"];
const TRAFFIC: &[&str] = &[
    "steady",
    "spiky",
    "seasonal",
    "hot",
    "read-heavy",
    "write-heavy",
    "low",
];
const DATA: &[&str] = &[
    "pii",
    "payment",
    "financial",
    "health",
    "secret",
    "internal",
    "public",
];
const DR: &[&str] = &[
    "none",
    "backup-restore",
    "pilot-light",
    "warm-standby",
    "active-active",
];
const DIRECTION: &[&str] = &["down", "right"];

static DATA_LIST: Ty = Ty::Word(DATA);
static ZONE_REF: Ty = Ty::Ref(&[K::Zone]);
const DLQ_KINDS: &[Kind] = &[K::Queue, K::Topic, K::Stream];
const REPLICA_KINDS: &[Kind] = &[K::Database, K::Cache, K::Bucket, K::Stream];
static WORD_LIST: Ty = Ty::Word(&[]);

/// Attributes of declarations.
pub const DECL_ATTRS: &[AttrSpec] = &[
    AttrSpec { name: "description", ty: Ty::Text, applies: Applies::Declarations, doc: "A sentence about the declaration, shown as a tooltip." },
    AttrSpec { name: "link", ty: Ty::Text, applies: Applies::Declarations, doc: "An http or https address, made a link in SVG output." },
    AttrSpec { name: "criticality", ty: Ty::Word(CRITICALITY), applies: Applies::Declarations, doc: "How much the business depends on it; a group's criticality applies to what it contains." },
    AttrSpec { name: "team", ty: Ty::Either(&[Ty::Word(&[]), Ty::Text]), applies: Applies::Declarations, doc: "The team that owns it." },
    AttrSpec { name: "direction", ty: Ty::Word(DIRECTION), applies: Applies::Kinds(&[K::Group, K::Namespace, K::Vpc, K::Subnet, K::Region, K::Zone, K::Vm, K::Host, K::Cluster]), doc: "The layout direction inside this frame." },
    AttrSpec { name: "provider", ty: Ty::Word(&[]), applies: Applies::Declarations, doc: "The provider that runs it (`aws`, `gcp`, `stripe`)." },
    AttrSpec { name: "tech", ty: Ty::Text, applies: Applies::Components, doc: "The technology, when the label does not say it (`\"Node.js 20\"`)." },
    AttrSpec { name: "cost", ty: Ty::Money, applies: Applies::Components, doc: "The fixed monthly cost, read by the budget check." },
    AttrSpec { name: "replicas", ty: Ty::Count, applies: Applies::Kinds(REPLICATED), doc: "How many instances run: a count, or the range an autoscaler moves in." },
    AttrSpec { name: "autoscale", ty: Ty::Either(&[Ty::Bool, Ty::Word(&["cpu", "memory", "requests", "queue-depth", "schedule", "custom"])]), applies: Applies::Kinds(REPLICATED), doc: "Scales automatically, on the given signal." },
    AttrSpec { name: "zones", ty: Ty::Either(&[Ty::Number, Ty::List(&ZONE_REF)]), applies: Applies::Components, doc: "How many availability zones the instances are spread over, or which ones." },
    AttrSpec { name: "multi_az", ty: Ty::Bool, applies: Applies::Kinds(MULTI_AZ), doc: "A managed standby or spread in another availability zone takes over automatically." },
    AttrSpec { name: "standby", ty: Ty::Either(&[Ty::Bool, Ty::Ref(STATEFUL)]), applies: Applies::Kinds(STATEFUL), doc: "A standby that takes over on failure: a flag, or the name of the standby." },
    AttrSpec { name: "read_replicas", ty: Ty::Number, applies: Applies::Kinds(&[K::Database, K::Cache]), doc: "How many read replicas serve reads." },
    AttrSpec { name: "replica_of", ty: Ty::Ref(REPLICA_KINDS), applies: Applies::Kinds(&[K::Database, K::Cache, K::Bucket, K::Stream]), doc: "This store is a replica of another one (for example in another region)." },
    AttrSpec { name: "engine", ty: Ty::Word(&[]), applies: Applies::Kinds(&[K::Database, K::Cache, K::Queue, K::Topic, K::Stream]), doc: "The engine (`postgres`, `mysql`, `dynamodb`, `redis`)." },
    AttrSpec { name: "managed", ty: Ty::Bool, applies: Applies::Components, doc: "Run by the cloud provider (RDS, ElastiCache) rather than by you." },
    AttrSpec { name: "backup", ty: Ty::Either(&[Ty::Bool, Ty::Word(&["daily", "hourly", "weekly", "pitr", "snapshot", "cross-region"]), Ty::Duration]), applies: Applies::Kinds(STORES), doc: "Backups: a flag, a schedule word, or the interval." },
    AttrSpec { name: "encrypted", ty: Ty::Bool, applies: Applies::Kinds(STORES), doc: "Data at rest is encrypted." },
    AttrSpec { name: "data", ty: Ty::List(&DATA_LIST), applies: Applies::Components, doc: "The sensitivity of the data it holds or handles." },
    AttrSpec { name: "volume", ty: Ty::Either(&[Ty::Bool, Ty::Word(&[]), Ty::Text]), applies: Applies::Kinds(&[K::Container, K::Database, K::Cache, K::Service, K::Vm, K::Host]), doc: "A persistent volume that keeps the data across restarts." },
    AttrSpec { name: "proxy", ty: Ty::Either(&[Ty::Bool, Ty::Word(&[])]), applies: Applies::Kinds(&[K::Database]), doc: "A connection pooler in front of the database (`rds-proxy`, `pgbouncer`)." },
    AttrSpec { name: "runtime", ty: Ty::Word(&[]), applies: Applies::Kinds(COMPUTE), doc: "Where or how it runs (`ecs-fargate`, `eks`, `lambda`, `docker`, `venv`)." },
    AttrSpec { name: "workload", ty: Ty::Word(&["request", "continuous", "batch", "scheduled", "event"]), applies: Applies::Kinds(COMPUTE), doc: "The shape of its work: serving requests, running continuously, batches, on a schedule, per event." },
    AttrSpec { name: "instance", ty: Ty::Either(&[Ty::Word(&[]), Ty::Text]), applies: Applies::Kinds(&[K::Vm, K::Host, K::Database, K::Cache, K::Cluster]), doc: "The instance type (`t3.micro`)." },
    AttrSpec { name: "deploy", ty: Ty::Word(&["manual", "ssh", "ci", "cd", "gitops", "blue-green", "canary", "rolling"]), applies: Applies::Declarations, doc: "How new versions reach it; `manual` and `ssh` mean by hand." },
    AttrSpec { name: "health_check", ty: Ty::Either(&[Ty::Bool, Ty::Text]), applies: Applies::Kinds(&[K::Service, K::Container, K::Function, K::Vm, K::Host, K::Lb, K::Dns, K::Gateway, K::Cluster]), doc: "A health check: a flag or the checked path; on an `lb` or `dns`, it checks the targets." },
    AttrSpec { name: "monitored", ty: Ty::Bool, applies: Applies::Declarations, doc: "Metrics and alarms are set up for it." },
    AttrSpec { name: "traffic", ty: Ty::Word(TRAFFIC), applies: Applies::Components, doc: "The shape of the load it receives." },
    AttrSpec { name: "steps", ty: Ty::List(&WORD_LIST), applies: Applies::Kinds(&[K::Function, K::Service, K::Container]), doc: "The processing steps one invocation runs, in order (`[ocr, extract]`)." },
    AttrSpec { name: "sends", ty: Ty::List(&WORD_LIST), applies: Applies::Kinds(&[K::External, K::Person, K::Service, K::Function]), doc: "What it sends (`webhooks`, `events`, `requests`)." },
    AttrSpec { name: "serves", ty: Ty::List(&WORD_LIST), applies: Applies::Components, doc: "What it serves (`static`, `api`, `dynamic`)." },
    AttrSpec { name: "dlq", ty: Ty::Either(&[Ty::Bool, Ty::Ref(DLQ_KINDS)]), applies: Applies::Kinds(&[K::Queue, K::Topic, K::Stream, K::Function]), doc: "A dead-letter queue keeps messages that keep failing: a flag, or the name of the queue." },
    AttrSpec { name: "concurrency", ty: Ty::Number, applies: Applies::Kinds(&[K::Function]), doc: "The reserved concurrency cap." },
    AttrSpec { name: "timeout", ty: Ty::Duration, applies: Applies::Kinds(&[K::Function, K::Service, K::Container, K::Gateway, K::Lb]), doc: "How long one invocation or request may run." },
    AttrSpec { name: "schedule", ty: Ty::Text, applies: Applies::Kinds(COMPUTE), doc: "When it runs, for scheduled work (`\"daily 02:00\"`)." },
    AttrSpec { name: "idempotent", ty: Ty::Bool, applies: Applies::Kinds(COMPUTE), doc: "Processing the same message twice has no extra effect." },
    AttrSpec { name: "public", ty: Ty::Bool, applies: Applies::Declarations, doc: "Reachable from the internet." },
    AttrSpec { name: "failover", ty: Ty::Either(&[Ty::Bool, Ty::Word(&["dns", "automatic", "manual"])]), applies: Applies::Kinds(&[K::Dns, K::Lb, K::Database, K::Gateway]), doc: "Traffic or the primary role moves to a healthy alternative." },
    AttrSpec { name: "policy", ty: Ty::Word(&["gateway-only", "default-deny", "open"]), applies: Applies::Kinds(&[K::Namespace]), doc: "The network policy: who may call into the namespace." },
    AttrSpec { name: "quota", ty: Ty::Bool, applies: Applies::Kinds(&[K::Namespace]), doc: "Resource quotas and limits are set." },
    AttrSpec { name: "rbac", ty: Ty::Either(&[Ty::Word(&[]), Ty::Text]), applies: Applies::Kinds(&[K::Namespace, K::Cluster]), doc: "Who may deploy here." },
    AttrSpec { name: "cidr", ty: Ty::Text, applies: Applies::Kinds(&[K::Vpc, K::Subnet]), doc: "The address range." },
    AttrSpec { name: "role", ty: Ty::Word(&["primary", "standby", "dr"]), applies: Applies::Kinds(&[K::Region, K::Zone, K::Database, K::Cluster]), doc: "The role of a region or store in a disaster-recovery plan." },
];

/// Attributes of arrows.
pub const ARROW_ATTRS: &[AttrSpec] = &[
    AttrSpec {
        name: "protocol",
        ty: Ty::Either(&[Ty::Word(&[]), Ty::Text]),
        applies: Applies::Declarations,
        doc: "The protocol (`https`, `grpc`, `sql`, `amqp`).",
    },
    AttrSpec {
        name: "port",
        ty: Ty::Number,
        applies: Applies::Declarations,
        doc: "The destination port number.",
    },
    AttrSpec {
        name: "timeout",
        ty: Ty::Duration,
        applies: Applies::Declarations,
        doc: "How long the caller waits.",
    },
    AttrSpec {
        name: "retries",
        ty: Ty::Number,
        applies: Applies::Declarations,
        doc: "How many times a failed call is retried.",
    },
    AttrSpec {
        name: "backoff",
        ty: Ty::Word(&["none", "fixed", "linear", "exponential"]),
        applies: Applies::Declarations,
        doc: "The wait between retries.",
    },
    AttrSpec {
        name: "jitter",
        ty: Ty::Bool,
        applies: Applies::Declarations,
        doc: "Retries are spread with random jitter.",
    },
    AttrSpec {
        name: "circuit_breaker",
        ty: Ty::Bool,
        applies: Applies::Declarations,
        doc: "The caller stops calling a failing callee for a while.",
    },
    AttrSpec {
        name: "fallback",
        ty: Ty::Either(&[Ty::Bool, Ty::Word(&[]), Ty::Text]),
        applies: Applies::Declarations,
        doc: "The caller degrades gracefully when the callee fails.",
    },
    AttrSpec {
        name: "optional",
        ty: Ty::Bool,
        applies: Applies::Declarations,
        doc: "The caller works without this dependency.",
    },
    AttrSpec {
        name: "tls",
        ty: Ty::Bool,
        applies: Applies::Declarations,
        doc: "The connection is encrypted.",
    },
    AttrSpec {
        name: "idempotent",
        ty: Ty::Bool,
        applies: Applies::Declarations,
        doc: "Delivering the same message twice has no extra effect.",
    },
    AttrSpec {
        name: "data",
        ty: Ty::List(&DATA_LIST),
        applies: Applies::Declarations,
        doc: "The sensitivity of the data it carries.",
    },
    AttrSpec {
        name: "weight",
        ty: Ty::Number,
        applies: Applies::Declarations,
        doc: "The share of traffic (in percent) sent this way.",
    },
    AttrSpec {
        name: "trigger",
        ty: Ty::Bool,
        applies: Applies::Declarations,
        doc: "The arrow is an event trigger (an S3 upload starting a function).",
    },
    AttrSpec {
        name: "description",
        ty: Ty::Text,
        applies: Applies::Declarations,
        doc: "A sentence about the arrow, shown as a tooltip.",
    },
    AttrSpec {
        name: "link",
        ty: Ty::Text,
        applies: Applies::Declarations,
        doc: "An http or https address.",
    },
];

/// Attributes of ports.
pub const PORT_ATTRS: &[AttrSpec] = &[
    AttrSpec {
        name: "description",
        ty: Ty::Text,
        applies: Applies::Declarations,
        doc: "A sentence about the port.",
    },
    AttrSpec {
        name: "public",
        ty: Ty::Bool,
        applies: Applies::Declarations,
        doc: "Reachable from the internet.",
    },
];

/// Keys of the `context` statement.
pub const CONTEXT_ATTRS: &[AttrSpec] = &[
    AttrSpec {
        name: "users",
        ty: Ty::Count,
        applies: Applies::Declarations,
        doc: "How many users, now or as a range from now to the target.",
    },
    AttrSpec {
        name: "budget",
        ty: Ty::Money,
        applies: Applies::Declarations,
        doc: "The infrastructure budget per month.",
    },
    AttrSpec {
        name: "team",
        ty: Ty::Count,
        applies: Applies::Declarations,
        doc: "How many people run the infrastructure.",
    },
    AttrSpec {
        name: "developers",
        ty: Ty::Count,
        applies: Applies::Declarations,
        doc: "How many developers build on it.",
    },
    AttrSpec {
        name: "traffic",
        ty: Ty::Word(TRAFFIC),
        applies: Applies::Declarations,
        doc: "The shape of the load.",
    },
    AttrSpec {
        name: "peak",
        ty: Ty::Either(&[Ty::Number, Ty::Text]),
        applies: Applies::Declarations,
        doc: "The peak load, as a number or in words (`\"40x on Black Friday\"`).",
    },
    AttrSpec {
        name: "audience",
        ty: Ty::Word(&["internal", "regional", "global"]),
        applies: Applies::Declarations,
        doc: "Where the users are.",
    },
    AttrSpec {
        name: "rto",
        ty: Ty::Duration,
        applies: Applies::Declarations,
        doc: "Recovery time objective for a regional disaster.",
    },
    AttrSpec {
        name: "rpo",
        ty: Ty::Duration,
        applies: Applies::Declarations,
        doc: "Recovery point objective: how much recent data may be lost.",
    },
    AttrSpec {
        name: "dr",
        ty: Ty::Word(DR),
        applies: Applies::Declarations,
        doc: "The disaster-recovery strategy.",
    },
    AttrSpec {
        name: "data",
        ty: Ty::List(&DATA_LIST),
        applies: Applies::Declarations,
        doc: "The sensitivity of the data the system handles.",
    },
    AttrSpec {
        name: "compliance",
        ty: Ty::List(&WORD_LIST),
        applies: Applies::Declarations,
        doc: "Regulations that apply (`gdpr`, `pci`, `sox`).",
    },
    AttrSpec {
        name: "stage",
        ty: Ty::Word(&["side-project", "mvp", "startup", "growth", "enterprise"]),
        applies: Applies::Declarations,
        doc: "Where the business is.",
    },
];

/// Looks an attribute up in one of the tables.
pub fn find(table: &'static [AttrSpec], name: &str) -> Option<&'static AttrSpec> {
    table.iter().find(|a| a.name == name)
}
