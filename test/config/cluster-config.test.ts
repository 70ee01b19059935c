import { longestCronGapHours } from "../../config/kubernetes-schema";
import { loadEnvironmentConfigs } from "../../config/load";
import { devWith, problems, prodWith, SHIPPED_CONFIG_DIR } from "./config-fixtures";

const shop = (c: Record<string, any>) => c.kubernetes.apps.shop;

describe("aks config rules", () => {
  const cases: [string, (c: Record<string, any>) => void, RegExp][] = [
    [
      "an unpinned Kubernetes version",
      (c) => (c.aks.kubernetesVersion = "latest"),
      /^dev\.yaml: aks\.kubernetesVersion: must be a minor version such as 1\.36/,
    ],
    [
      "a Kubernetes version AKS no longer supports",
      (c) => (c.aks.kubernetesVersion = "1.33"),
      /^dev\.yaml: aks\.kubernetesVersion: is older than 1\.35, the oldest minor AKS supports for new clusters \(calendar reviewed 2026-12-01\); use 1\.36 \(got "1\.33"\)$/,
    ],
    ["no admin group", (c) => (c.aks.adminGroupObjectIds = []), /^dev\.yaml: aks\.adminGroupObjectIds: must name at least one Entra group/],
    [
      "a node subnet outside the VNet",
      (c) => (c.aks.network.nodeSubnets.user = "10.99.0.0/22"),
      /^dev\.yaml: aks\.network\.nodeSubnets\.user: must lie inside the address space 10\.11\.0\.0\/16/,
    ],
    [
      "overlapping node subnets",
      (c) => (c.aks.network.nodeSubnets.user = "10.11.2.0/24"),
      /^dev\.yaml: aks\.network\.nodeSubnets\.user: overlaps subnet system/,
    ],
    [
      "a node subnet smaller than /24",
      (c) => (c.aks.network.nodeSubnets.user = "10.11.4.0/26"),
      /^dev\.yaml: aks\.network\.nodeSubnets\.user: must be \/24 or larger/,
    ],
    ["a pod CIDR overlapping the VNet", (c) => (c.aks.network.podCidr = "10.11.0.0/16"), /^dev\.yaml: aks\.network\.podCidr: overlaps the VNet address space/],
    ["pod and service CIDRs overlapping", (c) => (c.aks.network.serviceCidr = "192.168.0.0/20"), /^dev\.yaml: aks\.network\.serviceCidr: overlaps podCidr/],
    [
      "a DNS service IP outside the service CIDR",
      (c) => (c.aks.network.dnsServiceIp = "10.0.0.10"),
      /^dev\.yaml: aks\.network\.dnsServiceIp: must lie inside serviceCidr 172\.16\.0\.0\/16 \(got "10\.0\.0\.10"\)$/,
    ],
    [
      "a public API server without ranges",
      (c) => (c.aks.apiServer.allowedIpRanges = []),
      /^dev\.yaml: aks\.apiServer\.allowedIpRanges: must list at least one range/,
    ],
    [
      "an API server open to the world",
      (c) => (c.aks.apiServer.allowedIpRanges = ["0.0.0.0/0"]),
      /^dev\.yaml: aks\.apiServer\.allowedIpRanges: is too wide: the ranges together admit 4,294,967,296 addresses, more than a \/16 \(65,536\); list the networks that need access/,
    ],
    [
      "an API server open to the world in two halves",
      (c) => (c.aks.apiServer.allowedIpRanges = ["0.0.0.0/1", "128.0.0.0/1"]),
      /^dev\.yaml: aks\.apiServer\.allowedIpRanges: is too wide: the ranges together admit 4,294,967,296 addresses/,
    ],
    [
      "gateway client ranges wider than a /16",
      (c) => (c.kubernetes.gateway.allowedIpRanges = ["10.0.0.0/15"]),
      /^dev\.yaml: kubernetes\.gateway\.allowedIpRanges: is too wide: the ranges together admit 131,072 addresses, more than a \/16 \(65,536\); name the internet as "Internet"/,
    ],
    [
      "an API server access that is not a boolean",
      (c) => (c.aks.apiServer = { publicNetworkAccess: "open" }),
      /^dev\.yaml: aks\.apiServer\.publicNetworkAccess: must be false \(a private cluster\) or true with allowedIpRanges/,
    ],
    ["pool min above max", (c) => (c.aks.userPools.apps.minCount = 9), /^dev\.yaml: aks\.userPools\.apps\.minCount: must be <= maxCount \(3\) \(got 9\)$/],
    [
      "a pool on an unknown subnet",
      (c) => (c.aks.userPools.apps.subnet = "db"),
      /^dev\.yaml: aks\.userPools\.apps\.subnet: is not a key of nodeSubnets \(network\.nodeSubnets\): use one of system, user \(got "db"\)$/,
    ],
    ["maxPods out of range", (c) => (c.aks.systemPool.maxPods = 500), /^dev\.yaml: aks\.systemPool\.maxPods: must be at most 250 \(got 500\)$/],
    ["a bad maintenance start", (c) => (c.aks.maintenance.nodeOs.startTime = "2am"), /^dev\.yaml: aks\.maintenance\.nodeOs\.startTime: must be HH:mm/],
    [
      "a private-endpoint subnet smaller than /28",
      (c) => (c.aks.network.privateEndpoints = "10.11.8.0/29"),
      /^dev\.yaml: aks\.network\.privateEndpoints: must be \/28 or larger/,
    ],
    [
      "a private-endpoint subnet outside the VNet",
      (c) => (c.aks.network.privateEndpoints = "10.99.8.0/27"),
      /^dev\.yaml: aks\.network\.privateEndpoints: must lie inside the address space 10\.11\.0\.0\/16/,
    ],
    [
      "a private-endpoint subnet overlapping a node subnet",
      (c) => (c.aks.network.privateEndpoints = "10.11.4.0/27"),
      /^dev\.yaml: aks\.network\.privateEndpoints: overlaps subnet user \(10\.11\.4\.0\/22\)/,
    ],
    [
      "no private-endpoint subnet (the registry and the workloads' vaults need one)",
      (c) => delete c.aks.network.privateEndpoints,
      /^dev\.yaml: aks\.network\.privateEndpoints: .* \(got nothing\)$/,
    ],
    ["an unknown allowed-images effect", (c) => (c.aks.allowedImagesEffect = "Warn"), /^dev\.yaml: aks\.allowedImagesEffect: /],
    [
      "a Key Vault secret file with a path",
      (c) => (shop(c).workloads.database.keyVaultSecrets = { "../pw": "shop-database-password" }),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.database\.keyVaultSecrets\.\.\.\/pw: must be a file name/,
    ],
    [
      "a Key Vault secret name Key Vault refuses",
      (c) => (shop(c).workloads.database.keyVaultSecrets = { pw: "shop_database" }),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.database\.keyVaultSecrets\.pw: must be a Key Vault secret name/,
    ],
    [
      "two application workloads whose names join alike",
      (c) => (
        (c.kubernetes.apps["shop-backend"] = { ...shop(c), namespace: "shop2", workloads: { x: shop(c).workloads.backend }, routes: {}, flows: [] }),
        (shop(c).workloads["backend-x"] = shop(c).workloads.backend)
      ),
      /^dev\.yaml: kubernetes\.apps\.shop-backend\.workloads\.x: joins with its application's name like shop\/backend-x \(shop_backend_x\)/,
    ],
    [
      "administrators' ranges wider than a /16",
      (c) => (c.aks.network.privateEndpointClients = ["10.0.0.0/8"]),
      /^dev\.yaml: aks\.network\.privateEndpointClients: is too wide/,
    ],
    ["an unknown kubelogin mode", (c) => (c.aks.kubeloginMode = "devicecode"), /^dev\.yaml: aks\.kubeloginMode: /],
  ];
  test.each(cases)("fails on %s", (_label, mutate, message) => {
    expect(problems(devWith(mutate))).toContainEqual(expect.stringMatching(message));
  });

  test("fails in prod on the Free tier, missing zones and the staging issuer", () => {
    const found = problems(
      prodWith((c) => {
        c.aks.skuTier = "Free";
        delete c.aks.availabilityZones;
        c.kubernetes.certManager.issuer = "letsencrypt-staging";
      }),
    );
    expect(found).toEqual([
      'prod.yaml: aks.skuTier: must be Standard or Premium in prod (uptime SLA) (got "Free")',
      'prod.yaml: aks.availabilityZones: must be ["1", "2", "3"] in prod (got nothing)',
      'prod.yaml: kubernetes.certManager.issuer: must be letsencrypt-prod in prod (got "letsencrypt-staging")',
    ]);
  });
});

describe("kubernetes config rules", () => {
  const cases: [string, (c: Record<string, any>) => void, RegExp][] = [
    [
      "an image without a tag",
      (c) => (shop(c).workloads.backend.image = "hashicorp/http-echo"),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.backend\.image: must be pinned by tag or digest/,
    ],
    [
      "an image on latest",
      (c) => (shop(c).workloads.backend.image = "hashicorp/http-echo:latest"),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.backend\.image: must not use the latest tag/,
    ],
    [
      "a backup schedule that is not cron",
      (c) => (shop(c).workloads.database.backup.schedule = "daily"),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.database\.backup\.schedule: must be a five-field cron expression such as "30 1 \* \* \*" \(got "daily"\)$/,
    ],
    [
      "a backup kept for no day",
      (c) => (shop(c).workloads.database.backup.retentionDays = 0),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.database\.backup\.retentionDays: /,
    ],
    [
      "a backup of an engine the platform cannot dump",
      (c) => (shop(c).workloads.database.backup.engine = "mysql"),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.database\.backup\.engine: /,
    ],
    [
      "a backup password file that is not one of the Key Vault secrets",
      (c) => (shop(c).workloads.database.backup.passwordFile = "pw"),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.database\.backup\.passwordFile: must be one of keyVaultSecrets \(postgres-password\)/,
    ],
    [
      "a backup of a Deployment",
      (c) => (shop(c).workloads.backend.backup = { ...shop(c).workloads.database.backup }),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.backend\.backup: is supported for StatefulSets only/,
    ],
    ["backups without an uploader", (c) => delete c.kubernetes.backups, /^dev\.yaml: kubernetes\.backups: is required: shop\/database declare a backup/],
    [
      "a weekly backup the alert cannot watch",
      (c) => (shop(c).workloads.database.backup.schedule = "0 1 * * 0"),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.database\.backup\.schedule: must run every day \(day-of-month, month and day-of-week \*\)/,
    ],
    [
      "a backup age within the schedule's gap",
      (c) => (shop(c).workloads.database.backup.maxAgeHours = 24),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.database\.backup\.maxAgeHours: must exceed the longest gap between runs of the schedule \(24 hours\)/,
    ],
    [
      "backups that tell nobody",
      (c) => (c.kubernetes.backups.alerts.emails = []),
      /^dev\.yaml: kubernetes\.backups\.alerts\.emails: must name at least one receiver/,
    ],
    ["backups without alerts", (c) => delete c.kubernetes.backups.alerts, /^dev\.yaml: kubernetes\.backups\.alerts: /],
    [
      "a backup age the alert cannot see",
      (c) => (shop(c).workloads.database.backup.maxAgeHours = 48),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.database\.backup\.maxAgeHours: /,
    ],
    [
      "an unpinned uploader image",
      (c) => (c.kubernetes.backups.uploaderImage = "mcr.microsoft.com/azure-cli"),
      /^dev\.yaml: kubernetes\.backups\.uploaderImage: must be pinned by tag or digest/,
    ],
    [
      "replicas on an autoscaled workload",
      (c) => (shop(c).workloads.frontend.replicas = 3),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.frontend\.replicas: must not be set on an autoscaled workload/,
    ],
    [
      "a workload without replicas or autoscaling",
      (c) => delete shop(c).workloads.database.replicas,
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.database\.replicas: is required when autoscaling is not set/,
    ],
    [
      "HPA min above max",
      (c) => (shop(c).workloads.frontend.autoscaling.minReplicas = 9),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.frontend\.autoscaling\.minReplicas: must be <= maxReplicas/,
    ],
    [
      "an HPA without metrics",
      (c) => (shop(c).workloads.backend.autoscaling = { minReplicas: 1, maxReplicas: 2 }),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.backend\.autoscaling: needs at least one metric/,
    ],
    [
      "a bad quantity",
      (c) => (shop(c).workloads.backend.resources.requests.cpu = "lots"),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.backend\.resources\.requests\.cpu: must be a Kubernetes quantity/,
    ],
    [
      "a route to an unknown workload",
      (c) => (shop(c).routes.shop.rules[0].backends[0].workload = "cart"),
      /^dev\.yaml: kubernetes\.apps\.shop\.routes\.shop\.rules\.0\.backends\.0\.workload: must be one of the app's workloads/,
    ],
    [
      "all route weights zero",
      (c) => shop(c).routes.shop.rules[0].backends.forEach((b: any) => (b.weight = 0)),
      /^dev\.yaml: kubernetes\.apps\.shop\.routes\.shop\.rules\.0\.backends: must not all have weight 0/,
    ],
    [
      "a negative weight",
      (c) => (shop(c).routes.shop.rules[0].backends[0].weight = -1),
      /^dev\.yaml: kubernetes\.apps\.shop\.routes\.shop\.rules\.0\.backends\.0\.weight: must be at least 0/,
    ],
    [
      "a route host outside the gateway host",
      (c) => (shop(c).routes.shop.hostnames = ["evil.example.com"]),
      /^dev\.yaml: kubernetes\.apps\.shop\.routes\.shop\.hostnames\.0: is not served by the gateway listener hostname shop\.dev\.contoso\.com/,
    ],
    [
      "a flow from an unknown workload",
      (c) => (shop(c).flows[0].from = "attacker"),
      /^dev\.yaml: kubernetes\.apps\.shop\.flows\.0\.from: must be "gateway" or one of the app's workloads/,
    ],
    [
      "a flow to a port the workload does not expose",
      (c) => (shop(c).flows[0].port = 9090),
      /^dev\.yaml: kubernetes\.apps\.shop\.flows\.0\.port: must be the port frontend exposes \(8080\) \(got 9090\)$/,
    ],
    ["a duplicate flow", (c) => shop(c).flows.push({ ...shop(c).flows[0] }), /^dev\.yaml: kubernetes\.apps\.shop\.flows\.\d+: is declared twice/],
    ["an app in kube-system", (c) => (shop(c).namespace = "kube-system"), /^dev\.yaml: kubernetes\.apps\.shop\.namespace: must not be a system namespace/],
    [
      "an app in the gateway namespace",
      (c) => (shop(c).namespace = "gateway"),
      /^dev\.yaml: kubernetes\.apps\.shop\.namespace: must differ from the gateway namespace/,
    ],
    [
      "a workload named gateway",
      (c) => (shop(c).workloads.gateway = shop(c).workloads.backend),
      /^dev\.yaml: kubernetes\.apps\.shop\.workloads\.gateway: is reserved/,
    ],
    ["too many controller replicas", (c) => (c.kubernetes.controllerReplicas = 9), /^dev\.yaml: kubernetes\.controllerReplicas: must be at most 5 \(got 9\)$/],
    [
      "an invalid ACME email",
      (c) => (c.kubernetes.certManager.acmeEmail = "nobody"),
      /^dev\.yaml: kubernetes\.certManager\.acmeEmail: must be an email address/,
    ],
    [
      "a wildcard host without a DNS zone",
      (c) => (c.kubernetes.gateway.hostname = "*.dev.contoso.com"),
      /^dev\.yaml: kubernetes\.gateway\.hostname: is a wildcard, which needs DNS-01: set aks\.dnsZone/,
    ],
    [
      "a gateway host outside the DNS zone",
      (c) => (c.aks.dnsZone = { name: "fabrikam.com", resourceGroupName: "rg-dns" }),
      /^dev\.yaml: kubernetes\.gateway\.hostname: is not in aks\.dnsZone \(fabrikam\.com\), which exists only for the gateway's DNS-01 challenges: use a name in the zone, or drop aks\.dnsZone \(got "shop\.dev\.contoso\.com"\)$/,
    ],
    [
      "an internal gateway without DNS-01",
      (c) => Object.assign(c.kubernetes.gateway, { publicNetworkAccess: false, allowedIpRanges: ["10.0.0.0/8"] }),
      /^dev\.yaml: kubernetes\.gateway\.publicNetworkAccess: false \(an internal gateway\) needs DNS-01 .*set aks\.dnsZone \(got false\)$/,
    ],
    [
      "the gateway's former exposure",
      (c) => Object.assign(c.kubernetes.gateway, { exposure: "internal" }),
      /^dev\.yaml: kubernetes\.gateway\.exposure: was renamed: write kubernetes\.gateway\.publicNetworkAccess: true \(public\) or false \(internal\) \(got "internal"\)$/,
    ],
    [
      "the gateway's former clientRanges",
      (c) => Object.assign(c.kubernetes.gateway, { clientRanges: ["10.0.0.0/8"] }),
      /^dev\.yaml: kubernetes\.gateway\.clientRanges: was renamed: write kubernetes\.gateway\.allowedIpRanges/,
    ],
    [
      "the API server's former access and authorizedIpRanges",
      (c) => (c.aks.apiServer = { access: "public", authorizedIpRanges: ["203.0.113.0/24"] }),
      /^dev\.yaml: aks\.apiServer\.publicNetworkAccess: must be false \(a private cluster\) or true with allowedIpRanges; it replaces access and authorizedIpRanges \(got nothing\)$/,
    ],
    [
      "the API server's former access beside publicNetworkAccess",
      (c) => (c.aks.apiServer = { publicNetworkAccess: false, access: "private" }),
      /^dev\.yaml: aks\.apiServer\.access: was renamed: write aks\.apiServer\.publicNetworkAccess: true \(public\) or false \(private\)/,
    ],
    [
      "an internal gateway without client ranges",
      (c) => Object.assign(c.kubernetes.gateway, { publicNetworkAccess: false, allowedIpRanges: undefined }),
      /^dev\.yaml: kubernetes\.gateway\.allowedIpRanges: is required for an internal gateway/,
    ],
    [
      "an internal gateway open to the internet",
      (c) => Object.assign(c.kubernetes.gateway, { publicNetworkAccess: false, allowedIpRanges: ["Internet"] }),
      /^dev\.yaml: kubernetes\.gateway\.allowedIpRanges\.0: cannot be Internet for an internal gateway/,
    ],
    [
      "0.0.0.0/0 instead of Internet",
      (c) => (c.kubernetes.gateway.allowedIpRanges = ["0.0.0.0/0"]),
      /^dev\.yaml: kubernetes\.gateway\.allowedIpRanges\.0: must name the internet as "Internet", not 0\.0\.0\.0\/0/,
    ],
    ["a client range that is not a CIDR", (c) => (c.kubernetes.gateway.allowedIpRanges = ["office"]), /^dev\.yaml: kubernetes\.gateway\.allowedIpRanges\.0: /],
    [
      "the proxies on an unknown pool",
      (c) => (c.kubernetes.gateway.dataPlane.nodePool = "edge"),
      /^dev\.yaml: kubernetes\.gateway\.dataPlane\.nodePool: must be one of aks\.userPools \(apps\) \(got "edge"\)$/,
    ],
    [
      "proxy min above max",
      (c) => (c.kubernetes.gateway.dataPlane.minReplicas = 5),
      /^dev\.yaml: kubernetes\.gateway\.dataPlane\.minReplicas: must be <= maxReplicas \(2\) \(got 5\)$/,
    ],
    [
      "file share endpoints in an unknown subnet",
      (c) => (c.kubernetes.storage = { filePrivateEndpointSubnet: "data" }),
      /^dev\.yaml: kubernetes\.storage\.filePrivateEndpointSubnet: must be one of aks\.network\.nodeSubnets \(system, user\) \(got "data"\)$/,
    ],
    ["an unknown Gateway API channel", (c) => (c.kubernetes.gateway.apiChannel = "beta"), /^dev\.yaml: kubernetes\.gateway\.apiChannel: /],
    [
      "audit retention Azure does not offer",
      (c) => (c.sql.auditRetentionInDays = 1000),
      /^dev\.yaml: sql\.auditRetentionInDays: must be 4-730, or whole years/,
    ],
    [
      "audit retention below the workspace's",
      (c) => Object.assign(c, { observability: { logRetentionInDays: 90 }, sql: { ...c.sql, auditRetentionInDays: 60 } }),
      /^dev\.yaml: sql\.auditRetentionInDays: must be at least observability\.logRetentionInDays \(90\)/,
    ],
  ];
  test.each(cases)("fails on %s", (_label, mutate, message) => {
    expect(problems(devWith(mutate))).toContainEqual(expect.stringMatching(message));
  });
});

describe("longestCronGapHours", () => {
  test.each([
    ["30 1 * * *", 24],
    ["0 */6 * * *", 6],
    ["0 1,13 * * *", 12],
    ["0 2-4 * * *", 22],
    ["0 * * * *", 1],
    ["0 3/4 * * *", 4],
    ["0 5,1 * * *", 20],
    ["0 0 * * 0", undefined],
    ["0 0 1 * *", undefined],
    ["0 1/0 * * *", undefined],
  ])("%s -> %s", (schedule, gap) => {
    expect(longestCronGapHours(schedule)).toBe(gap);
  });
});

describe("kubernetes.target", () => {
  const kind = { kubeconfig: { path: "~/.kube/config", context: "kind-dev" } };

  test("is absent by default: the shipped environments target their AKS clusters", () => {
    expect(loadEnvironmentConfigs(SHIPPED_CONFIG_DIR).map((c) => [c.environment, c.kubernetes.target])).toEqual([
      ["dev", undefined],
      ["prod", undefined],
      ["staging", undefined],
    ]);
  });

  test("a kubeconfig file and context are accepted outside prod", () => {
    const [dev] = loadEnvironmentConfigs(devWith((c) => (c.kubernetes.target = kind)));
    expect(dev.kubernetes.target).toEqual(kind);
  });

  const cases: [string, (c: Record<string, any>) => void, RegExp][] = [
    [
      "an empty kubeconfig path",
      (c) => (c.kubernetes.target = { kubeconfig: { ...kind.kubeconfig, path: "" } }),
      /^dev\.yaml: kubernetes\.target\.kubeconfig\.path: must name the kubeconfig file: an absolute path or one starting with ~ \(got ""\)$/,
    ],
    [
      "an empty kubeconfig context",
      (c) => (c.kubernetes.target = { kubeconfig: { ...kind.kubeconfig, context: "" } }),
      /^dev\.yaml: kubernetes\.target\.kubeconfig\.context: must name a context of the kubeconfig file, e.g\. kind-dev \(got ""\)$/,
    ],
    [
      "a kubeconfig without a context",
      (c) => (c.kubernetes.target = { kubeconfig: { path: "~/.kube/config" } }),
      /^dev\.yaml: kubernetes\.target\.kubeconfig\.context: .* \(got nothing\)$/,
    ],
    [
      "an unknown key in the target",
      (c) => (c.kubernetes.target = { kubeconfig: { ...kind.kubeconfig, namespace: "default" } }),
      /^dev\.yaml: kubernetes\.target\.kubeconfig\.namespace: unknown key/,
    ],
    [
      "a kubeconfig target with Flux delivery",
      (c) => Object.assign(c.kubernetes, { delivery: "flux", target: kind }),
      /^dev\.yaml: kubernetes\.target: applies only to delivery: terraform \(with flux the cluster pulls its objects and nothing applies the <env>-k8s-\* stacks\): remove it, or set delivery: terraform \(got \{"kubeconfig":\{"path":"~\/\.kube\/config","context":"kind-dev"\}\}\)$/,
    ],
  ];
  test.each(cases)("fails on %s", (_label, mutate, message) => {
    expect(problems(devWith(mutate))).toContainEqual(expect.stringMatching(message));
  });

  test("fails in prod, even with Terraform delivery", () => {
    expect(problems(prodWith((c) => Object.assign(c.kubernetes, { delivery: "terraform", target: kind })))).toEqual([
      'prod.yaml: kubernetes.target: is not allowed in prod: its in-cluster stacks target its AKS cluster and sign in with Entra ID (kubelogin) only; remove it (got {"kubeconfig":{"path":"~/.kube/config","context":"kind-dev"}})',
    ]);
  });
});

describe("kubernetes.charts", () => {
  test("is absent by default (the projects' registries); an OCI mirror or a folder is accepted", () => {
    expect(loadEnvironmentConfigs(SHIPPED_CONFIG_DIR).map((c) => c.kubernetes.charts)).toEqual([undefined, undefined, undefined]);
    const mirror = { repository: "oci://acrmedaldev.azurecr.io/helm" };
    expect(loadEnvironmentConfigs(devWith((c) => (c.kubernetes.charts = mirror)))[0].kubernetes.charts).toEqual(mirror);
    expect(loadEnvironmentConfigs(devWith((c) => (c.kubernetes.charts = { folder: "/opt/charts" })))[0].kubernetes.charts).toEqual({ folder: "/opt/charts" });
  });

  const cases: [string, (c: Record<string, any>) => void, RegExp][] = [
    [
      "a repository that is not OCI",
      (c) => (c.kubernetes.charts = { repository: "https://charts.jetstack.io" }),
      /^dev\.yaml: kubernetes\.charts\.repository: must be an OCI repository oci:\/\/<host>\/<path> \(lowercase, no trailing slash, no tag\) \(got "https:\/\/charts\.jetstack\.io"\)$/,
    ],
    [
      "a repository in capitals",
      (c) => (c.kubernetes.charts = { repository: "oci://ACR.azurecr.io/helm" }),
      /^dev\.yaml: kubernetes\.charts\.repository: must be an OCI repository .*\(got "oci:\/\/ACR\.azurecr\.io\/helm"\)$/,
    ],
    [
      "a repository with a trailing slash",
      (c) => (c.kubernetes.charts = { repository: "oci://acr.azurecr.io/helm/" }),
      /^dev\.yaml: kubernetes\.charts\.repository: must be an OCI repository /,
    ],
    [
      "a relative folder",
      (c) => (c.kubernetes.charts = { folder: "charts" }),
      /^dev\.yaml: kubernetes\.charts\.folder: must be an absolute, normalised path \(no \.\., no trailing slash\) holding <chart>-<version>\.tgz \(got "charts"\)$/,
    ],
    [
      "a folder with ..",
      (c) => (c.kubernetes.charts = { folder: "/opt/../charts" }),
      /^dev\.yaml: kubernetes\.charts\.folder: must be an absolute, normalised path/,
    ],
    [
      "both a repository and a folder",
      (c) => (c.kubernetes.charts = { repository: "oci://acr.azurecr.io/helm", folder: "/opt/charts" }),
      /^dev\.yaml: kubernetes\.charts: must be exactly one of repository: oci:\/\/<host>\/<path> or folder: \/absolute\/path/,
    ],
    [
      "a folder with Flux delivery",
      (c) => Object.assign(c.kubernetes, { delivery: "flux", charts: { folder: "/opt/charts" } }),
      /^dev\.yaml: kubernetes\.charts\.folder: is a folder on the machine that runs Terraform, and with delivery: flux the cluster pulls the charts itself: use charts\.repository/,
    ],
  ];
  test.each(cases)("fails on %s", (_label, mutate, message) => {
    expect(problems(devWith(mutate))).toContainEqual(expect.stringMatching(message));
  });
});
