import { isChartFolder, OCI_REPOSITORY } from "../constructs/kubernetes/addons/chart-source";
import { z } from "zod";
import { allowListTooWide } from "../constructs/core/cidr";
import { KEY_VAULT_OBJECT_NAME } from "../constructs/security/key-vault";
import { SECRET_FILE_NAME } from "../constructs/kubernetes/k8s-names";
import { cidr, count, dnsLabel, hostname, renamed, withoutRenamed } from "./primitives";
import { GATEWAY_FLOW_SOURCE } from "../constructs/kubernetes/application";

/** `kubernetes:` of an environment file: add-ons (`<env>-k8s-addons`) and in-cluster config (`<env>-k8s-config`). */

const quantity = z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, { error: "must be a Kubernetes quantity such as 250m, 1, 512Mi or 2Gi" });
const resources = z.strictObject({
  requests: z.strictObject({ cpu: quantity, memory: quantity }),
  limits: z.strictObject({ cpu: quantity, memory: quantity }),
});
const image = z
  .string()
  .regex(/^[a-z0-9]+([._/-][a-z0-9]+)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, { error: "must be an image reference such as registry/name:1.2.3" })
  .refine((i) => /:[\w][\w.-]*$|@sha256:/.test(i), { error: "must be pinned by tag or digest" })
  .refine((i) => !/:latest(@|$)/.test(i), { error: "must not use the latest tag: pin a version" });

/** Five cron fields (minute hour day-of-month month day-of-week) of numbers, ranges, lists, steps or `*`. */
const CRON_FIELD = String.raw`(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*`;
const CRON_SCHEDULE = new RegExp(`^${CRON_FIELD}( ${CRON_FIELD}){4}$`);

/**
 * The longest time, in whole hours, between two runs of a daily cron schedule (one whose day-of-month, month and
 * day-of-week are `*`), read from its hour field; undefined for any other schedule.
 */
export function longestCronGapHours(schedule: string): number | undefined {
  const [, hour, dayOfMonth, month, dayOfWeek] = schedule.split(" ");
  if ([dayOfMonth, month, dayOfWeek].some((f) => f !== "*")) return undefined;
  const hours = new Set<number>();
  for (const part of hour.split(",")) {
    const [range, stepText] = part.split("/");
    const step = Number(stepText ?? 1);
    if (!(step >= 1)) return undefined;
    // `*`: every hour; `a-b`: a range; `a/n`: from a to 23 (Kubernetes' cron parser); `a`: one hour.
    const [from, to] = range === "*" ? [0, 23] : range.includes("-") ? range.split("-").map(Number) : [Number(range), stepText ? 23 : Number(range)];
    for (let h = from; h <= Math.min(to, 23); h += step) hours.add(h);
  }
  const sorted = [...hours].sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  return Math.max(...sorted.map((h, i) => (i + 1 < sorted.length ? sorted[i + 1] - h : sorted[0] + 24 - h)));
}

const autoscaling = z
  .strictObject({
    minReplicas: count(1, 1000),
    maxReplicas: count(1, 1000),
    cpuUtilization: count(1, 100).optional(),
    memoryUtilization: count(1, 100).optional(),
    /** A per-pod custom metric, e.g. requests per second, served by a metrics adapter. */
    podsMetric: z.strictObject({ name: z.string().min(1), averageValue: quantity }).optional(),
  })
  .superRefine((h, ctx) => {
    if (h.minReplicas > h.maxReplicas) ctx.addIssue({ code: "custom", path: ["minReplicas"], message: `must be <= maxReplicas (${h.maxReplicas})` });
    if (h.cpuUtilization === undefined && h.memoryUtilization === undefined && h.podsMetric === undefined) {
      ctx.addIssue({ code: "custom", path: [], message: "needs at least one metric (cpuUtilization, memoryUtilization or podsMetric)" });
    }
  });

const workload = z
  .strictObject({
    kind: z.enum(["Deployment", "StatefulSet"]),
    /** Pod label `tier`: what NetworkPolicies and reviews group by. */
    tier: dnsLabel,
    image,
    port: z.strictObject({
      name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/, { error: "must be an IANA service name (1-15 chars)" }),
      containerPort: count(1024, 65535),
    }),
    resources,
    /** Readiness and liveness check: an HTTP GET on the port, or a TCP connect (the default). */
    probe: z
      .discriminatedUnion("type", [z.strictObject({ type: z.literal("http"), path: z.string().startsWith("/") }), z.strictObject({ type: z.literal("tcp") })])
      .default({ type: "tcp" }),
    /** Paths that need to be writable (emptyDir), since the root filesystem is read-only. */
    writablePaths: z.array(z.string().startsWith("/")).default([]),
    /** User and group the containers run as (non-root). */
    runAsUser: count(1, 2147483647),
    args: z.array(z.string()).default([]),
    env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string()).default({}),
    /** Environment variables read from existing Kubernetes Secrets, created outside Terraform by their owner. */
    envFromSecrets: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.strictObject({ secret: dnsLabel, key: z.string().min(1) })).default({}),
    /**
     * Secrets of the workload's own Key Vault, mounted read-only as files at /mnt/secrets-store/<file> by the Secrets
     * Store CSI driver (file name -> Key Vault secret name). The vault and the identity that reads it are created
     * by `<env>-aks`; the values are put in by their owner.
     */
    keyVaultSecrets: z
      .record(z.string(), z.string().regex(KEY_VAULT_OBJECT_NAME, { error: "must be a Key Vault secret name: 1-127 letters, digits and hyphens" }))
      .superRefine((files, ctx) => {
        // Checked here rather than as the record's key schema, whose error would not say what a file name may be.
        for (const file of Object.keys(files).filter((f) => !SECRET_FILE_NAME.test(f))) {
          ctx.addIssue({ code: "custom", path: [file], message: "must be a file name: letters, digits, '.', '_' and '-'" });
        }
      })
      .default({}),
    replicas: count(1, 1000).optional(),
    autoscaling: autoscaling.optional(),
    volume: z.strictObject({ size: quantity, mountPath: z.string().startsWith("/") }).optional(),
    /**
     * A scheduled logical backup of the database the StatefulSet serves, to the environment's backup storage account
     * (`<env>-aks`): `pg_dumpall` with the workload's own image, signed in as `postgres` with the password file
     * `passwordFile` (one of keyVaultSecrets), uploaded by `kubernetes.backups.uploaderImage`.
     */
    backup: z
      .strictObject({
        engine: z.enum(["postgres"]),
        /** Cron expression (five fields, UTC), e.g. "30 1 * * *". */
        schedule: z.string().regex(CRON_SCHEDULE, { error: 'must be a five-field cron expression such as "30 1 * * *"' }),
        /** Days each dump is kept before lifecycle management deletes it. */
        retentionDays: count(1, 3650),
        /** File of keyVaultSecrets holding the password of the `postgres` role. */
        passwordFile: z.string().min(1),
        /** Hours without a successful run after which `kubernetes.backups.alerts` is told (26: a nightly job plus slack). */
        maxAgeHours: count(1, 47).default(26),
      })
      .optional(),
  })
  .superRefine((w, ctx) => {
    if (w.backup && w.kind !== "StatefulSet") ctx.addIssue({ code: "custom", path: ["backup"], message: "is supported for StatefulSets only" });
    if (w.backup) {
      const gap = longestCronGapHours(w.backup.schedule);
      if (gap === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["backup", "schedule"],
          message: "must run every day (day-of-month, month and day-of-week *): the backup alert looks back at most 47 hours",
        });
      } else if (w.backup.maxAgeHours <= gap) {
        ctx.addIssue({
          code: "custom",
          path: ["backup", "maxAgeHours"],
          message: `must exceed the longest gap between runs of the schedule (${gap} hours), or every healthy gap alerts`,
        });
      }
    }
    if (w.backup && !(w.backup.passwordFile in w.keyVaultSecrets)) {
      ctx.addIssue({
        code: "custom",
        path: ["backup", "passwordFile"],
        message: `must be one of keyVaultSecrets (${Object.keys(w.keyVaultSecrets).join(", ") || "none given"})`,
      });
    }
    if (w.autoscaling && w.replicas !== undefined) {
      ctx.addIssue({ code: "custom", path: ["replicas"], message: "must not be set on an autoscaled workload (the HPA owns replicas)" });
    }
    if (w.autoscaling && w.kind !== "Deployment") ctx.addIssue({ code: "custom", path: ["autoscaling"], message: "is supported for Deployments only" });
    if (!w.autoscaling && w.replicas === undefined) ctx.addIssue({ code: "custom", path: ["replicas"], message: "is required when autoscaling is not set" });
    if (w.volume && w.kind !== "StatefulSet") ctx.addIssue({ code: "custom", path: ["volume"], message: "is supported for StatefulSets only" });
  });

const route = z.strictObject({
  hostnames: z.array(hostname).min(1),
  rules: z
    .array(
      z.strictObject({
        path: z.string().startsWith("/"),
        pathType: z.enum(["PathPrefix", "Exact"]).default("PathPrefix"),
        backends: z.array(z.strictObject({ workload: dnsLabel, weight: count(0, 1000000) })).min(1),
      }),
    )
    .min(1),
});

/** A permitted connection: `from` a workload of the app or `gateway` (the gateway data plane), `to` a workload's port. */
const flow = z.strictObject({ from: dnsLabel, to: dnsLabel, port: count(1, 65535) });

const app = z
  .strictObject({
    namespace: dnsLabel.refine((n) => !["default", "kube-system", "kube-public", "kube-node-lease"].includes(n), {
      error: "must not be a system namespace",
    }),
    workloads: z.record(dnsLabel, workload),
    routes: z.record(dnsLabel, route).default({}),
    flows: z.array(flow).default([]),
  })
  .superRefine((a, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const names = Object.keys(a.workloads);
    if (names.includes(GATEWAY_FLOW_SOURCE)) issue(["workloads", GATEWAY_FLOW_SOURCE], "is reserved for the gateway data plane in flows");
    for (const [r, rt] of Object.entries(a.routes)) {
      rt.rules.forEach((rule, i) => {
        rule.backends.forEach((b, j) => {
          if (!names.includes(b.workload))
            issue(["routes", r, "rules", i, "backends", j, "workload"], `must be one of the app's workloads (${names.join(", ")})`);
        });
        if (rule.backends.every((b) => b.weight === 0)) issue(["routes", r, "rules", i, "backends"], "must not all have weight 0");
      });
    }
    const seen = new Set<string>();
    a.flows.forEach((f, i) => {
      if (f.from !== GATEWAY_FLOW_SOURCE && !names.includes(f.from))
        issue(["flows", i, "from"], `must be "${GATEWAY_FLOW_SOURCE}" or one of the app's workloads (${names.join(", ")})`);
      if (!names.includes(f.to)) issue(["flows", i, "to"], `must be one of the app's workloads (${names.join(", ")})`);
      else if (a.workloads[f.to].port.containerPort !== f.port)
        issue(["flows", i, "port"], `must be the port ${f.to} exposes (${a.workloads[f.to].port.containerPort})`);
      const key = `${f.from}>${f.to}:${f.port}`;
      if (seen.has(key)) issue(["flows", i], "is declared twice");
      seen.add(key);
    });
  });

export const kubernetesSchema = z
  .strictObject({
    certManager: z.strictObject({
      acmeEmail: z.email({ error: "must be an email address (Let's Encrypt account contact)" }),
      /** ClusterIssuer of the shared Gateway's certificate. */
      issuer: z.enum(["letsencrypt-staging", "letsencrypt-prod"]),
    }),
    gateway: z
      .strictObject({
        implementation: z.enum(["envoy"]),
        namespace: dnsLabel,
        /** Host name of the HTTPS listener; routes' host names must fall under it. */
        hostname,
        /**
         * `true`: an Internet-facing load balancer; `false`: a private front end in the cluster's VNet (an internal load
         * balancer). The gateway is the platform's front door, so unlike the PaaS endpoints its default is public.
         */
        publicNetworkAccess: z.boolean().default(true),
        /**
         * Who may connect on 80 and 443: `Internet` (public gateway only) or IPv4 ranges, also for an internal gateway
         * (its clients' private ranges). The node-subnet NSG and the proxies' NetworkPolicy admit exactly these.
         * Default for a public gateway: `[Internet]`.
         */
        allowedIpRanges: z
          .array(z.union([z.literal("Internet"), cidr]))
          .min(1, { error: "must list at least one range" })
          .optional(),
        exposure: renamed("write kubernetes.gateway.publicNetworkAccess: true (public) or false (internal)"),
        clientRanges: renamed("write kubernetes.gateway.allowedIpRanges"),
        /**
         * Requests each client address may make per unit of time at the gateway, counted by each proxy replica for
         * each route (Envoy Gateway local rate limit); over it, clients get 429. Default: 100 per Second.
         */
        rateLimit: z.strictObject({ requestsPerClientIp: count(1, 1_000_000), unit: z.enum(["Second", "Minute", "Hour"]) }).optional(),
        /** Gateway API CRDs: the channel of the pinned bundle (experimental adds alpha fields and kinds). */
        apiChannel: z.enum(["standard", "experimental"]).default("standard"),
        /** The proxy fleet (Envoy Gateway's EnvoyProxy). */
        dataPlane: z
          .strictObject({
            /** User pool (key of aks.userPools) the proxies run on; its subnet's NSG admits the clients. */
            nodePool: z.string().regex(/^[a-z][a-z0-9]{0,11}$/, { error: "must be a node pool name (1-12 lowercase letters or digits)" }),
            /** Proxies at least: with 2 or more they get a PodDisruptionBudget and survive a node drain. */
            minReplicas: count(1, 100),
            /** Proxies at most: above minReplicas an HPA scales them on CPU. */
            maxReplicas: count(1, 100),
          })
          .superRefine((d, ctx) => {
            if (d.minReplicas > d.maxReplicas) ctx.addIssue({ code: "custom", path: ["minReplicas"], message: `must be <= maxReplicas (${d.maxReplicas})` });
          }),
      })
      .transform(withoutRenamed("exposure", "clientRanges")),
    /** Replicas of the cert-manager and gateway controllers (leader election keeps one active; 2 survive a node drain). */
    controllerReplicas: count(1, 5).default(1),
    /**
     * How the in-cluster objects reach the cluster. `terraform`: the `<env>-k8s-addons` and `<env>-k8s-config` stacks
     * apply them through the API server. `flux`: they are rendered to `cdktf.out/gitops/<env>`, published to a blob
     * container (config/bootstrap.yaml `gitops`), and pulled by AKS's Flux extension: nothing outside the cluster
     * talks to its API server, so a private cluster needs no runner in its network.
     */
    delivery: z.enum(["terraform", "flux"]).default("terraform"),
    /**
     * Where the platform's charts (cert-manager, Envoy Gateway) come from instead of their projects' registries:
     * `repository`, an OCI mirror (e.g. the environment's container registry) holding `<repository>/<chart>:<version>`;
     * or `folder`, an absolute folder on the machine that runs Terraform holding `<chart>-<version>.tgz` as
     * `helm pull` writes them (air-gapped). `folder` is refused with `delivery: flux` (the cluster pulls the charts).
     */
    charts: z
      .union(
        [
          z.strictObject({
            repository: z.string().regex(OCI_REPOSITORY, { error: "must be an OCI repository oci://<host>/<path> (lowercase, no trailing slash, no tag)" }),
          }),
          z.strictObject({
            folder: z
              .string()
              .refine(isChartFolder, { error: "must be an absolute, normalised path (no .., no trailing slash) holding <chart>-<version>.tgz" }),
          }),
        ],
        { error: "must be exactly one of repository: oci://<host>/<path> or folder: /absolute/path" },
      )
      .optional(),
    /**
     * The cluster the `<env>-k8s-addons` and `<env>-k8s-config` stacks talk to. Default: the environment's AKS
     * cluster (host and CA from an `azurerm_kubernetes_cluster` data source, Entra ID tokens from kubelogin,
     * `aks.kubeloginMode`). `kubeconfig`: a context of a kubeconfig file instead (kind, an existing cluster, a local
     * test API server), signed in with whatever credentials the file holds; each stack warns. Terraform resolves a
     * relative `path` from the stack's working directory, `cdktf.out/stacks/<stack>`, not from the repository: give
     * an absolute path or one starting with `~`. The stacks still read the workloads' and cert-manager's identities
     * from Azure (data sources of `<env>-aks`'s identities). Refused in prod, and with `delivery: flux` (nothing
     * applies those stacks then).
     */
    target: z
      .strictObject({
        kubeconfig: z.strictObject({
          /** The kubeconfig file: absolute or `~/...` (a relative path is read from `cdktf.out/stacks/<stack>`). */
          path: z.string().min(1, { error: "must name the kubeconfig file: an absolute path or one starting with ~" }),
          /** The context of that file the providers use (its cluster and user). */
          context: z.string().min(1, { error: "must name a context of the kubeconfig file, e.g. kind-dev" }),
        }),
      })
      .optional(),
    storage: z
      .strictObject({
        diskEncryptionSetId: z
          .string()
          .regex(/^\/subscriptions\/.+\/diskEncryptionSets\/[^/]+$/i)
          .optional(),
        /** Node subnet (key of aks.network.nodeSubnets) that holds the Azure Files shares' private endpoints. */
        filePrivateEndpointSubnet: z.string().min(1).default("user"),
      })
      .default({ filePrivateEndpointSubnet: "user" }),
    /** Where the workloads' `backup`s go: required when any workload has one. */
    backups: z
      .strictObject({
        /** Image with the Azure CLI that uploads the dumps (signed in with the workload's identity). */
        uploaderImage: image,
        /** Who is told when a backup has not succeeded for its maxAgeHours (a log search alert per backup). */
        alerts: z.strictObject({
          emails: z.array(z.email({ error: "must be an email address" })).min(1, { error: "must name at least one receiver" }),
          /** Azure Monitor severity, 0 (critical) to 4 (verbose). */
          severity: count(0, 4).default(2),
        }),
      })
      .optional(),
    apps: z.record(dnsLabel, app),
  })
  .superRefine((k, ctx) => {
    const backedUp = Object.entries(k.apps).flatMap(([a, app]) =>
      Object.entries(app.workloads)
        .filter(([, w]) => w.backup)
        .map(([w]) => `${a}/${w}`),
    );
    if (backedUp.length > 0 && !k.backups) ctx.addIssue({ code: "custom", path: ["backups"], message: `is required: ${backedUp.join(", ")} declare a backup` });
    if (k.charts && "folder" in k.charts && k.delivery === "flux") {
      ctx.addIssue({
        code: "custom",
        path: ["charts", "folder"],
        message:
          "is a folder on the machine that runs Terraform, and with delivery: flux the cluster pulls the charts itself: use charts.repository (an OCI mirror the cluster reaches)",
      });
    }
    if (k.target && k.delivery === "flux") {
      ctx.addIssue({
        code: "custom",
        path: ["target"],
        message:
          "applies only to delivery: terraform (with flux the cluster pulls its objects and nothing applies the <env>-k8s-* stacks): remove it, or set delivery: terraform",
      });
    }
    const { publicNetworkAccess, allowedIpRanges } = k.gateway;
    if (!publicNetworkAccess && !allowedIpRanges) {
      ctx.addIssue({
        code: "custom",
        path: ["gateway", "allowedIpRanges"],
        message: "is required for an internal gateway (publicNetworkAccess: false): list the private ranges of its clients",
      });
    }
    allowedIpRanges?.forEach((r, i) => {
      if (!publicNetworkAccess && r === "Internet")
        ctx.addIssue({ code: "custom", path: ["gateway", "allowedIpRanges", i], message: "cannot be Internet for an internal gateway" });
      if (r === "0.0.0.0/0")
        ctx.addIssue({ code: "custom", path: ["gateway", "allowedIpRanges", i], message: 'must name the internet as "Internet", not 0.0.0.0/0' });
    });
    const tooWide = allowListTooWide((allowedIpRanges ?? []).filter((r) => r !== "Internet" && r !== "0.0.0.0/0"));
    if (tooWide)
      ctx.addIssue({
        code: "custom",
        path: ["gateway", "allowedIpRanges"],
        message: `is too wide: ${tooWide}; name the internet as "Internet" or list the clients' networks`,
      });
    const gw = k.gateway.hostname;
    const covered = (h: string) => h === gw || (gw.startsWith("*.") && h.endsWith(gw.slice(1)) && h.split(".").length === gw.split(".").length);
    const namespaces = new Map<string, string>();
    for (const [name, a] of Object.entries(k.apps)) {
      for (const [r, rt] of Object.entries(a.routes)) {
        rt.hostnames.forEach((h, i) => {
          if (!covered(h))
            ctx.addIssue({
              code: "custom",
              path: ["apps", name, "routes", r, "hostnames", i],
              message: `is not served by the gateway listener hostname ${gw}`,
            });
        });
      }
      if (namespaces.has(a.namespace))
        ctx.addIssue({ code: "custom", path: ["apps", name, "namespace"], message: `is already used by app ${namespaces.get(a.namespace)}` });
      if (a.namespace === k.gateway.namespace)
        ctx.addIssue({ code: "custom", path: ["apps", name, "namespace"], message: "must differ from the gateway namespace" });
      namespaces.set(a.namespace, name);
    }
  });

export type KubernetesConfig = z.output<typeof kubernetesSchema>;
export type AppConfig = KubernetesConfig["apps"][string];
export type WorkloadConfig = AppConfig["workloads"][string];
