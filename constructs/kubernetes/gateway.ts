import { Gateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { GatewayClass } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewayClass";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { ReferenceGrant } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant";
import { Construct } from "constructs";
import { checkPattern, checkRange, collectProblems, isKnown, propError, warnOptOut } from "../core/validation";
import { GatewayImplementation } from "./addons/gateway-implementation";
import { GatewayClientProtectionProps, resolveClientProtections } from "./gateway-client-protections";
import { KubeObject } from "./kube-object";
import { dependOn } from "./namespace";
import { DNS_LABEL } from "./k8s-names";
import { HOST_NAME } from "../core/names";

/** A listener of a Gateway, as a parentRef names it. */
export interface GatewayListenerRef {
  readonly name: string;
  readonly namespace: string;
  readonly sectionName: string;
}

/** What an HTTPRoute needs to attach to the shared Gateway. Implemented by {@link SharedGateway}. */
export interface ISharedGateway {
  readonly gatewayName: string;
  readonly namespace: string;
  /** Host name of the HTTPS listener; route host names must fall under it. */
  readonly hostname: string;
  readonly httpsListener: GatewayListenerRef;
  readonly httpListener: GatewayListenerRef;
  /** Namespace label routes' namespaces need to attach to the HTTPS listener. */
  readonly routeNamespaceLabel: { readonly key: string; readonly value: string };
}

/** Props of {@link SharedGateway}. */
export interface SharedGatewayProps extends GatewayClientProtectionProps {
  /** The controller implementation; its controllerName goes into the GatewayClass. */
  readonly implementation: GatewayImplementation;
  /** Namespace of the Gateway (created elsewhere). */
  readonly namespace: string;
  /** Host name of the HTTPS listener: the environment's host name, optionally a leading wildcard (`*.contoso.com`). */
  readonly hostname: string;
  /** ClusterIssuer that issues the listener certificate (`cert-manager.io/cluster-issuer` annotation). */
  readonly clusterIssuer: string;
  /**
   * Gateway name.
   * @default "shared"
   */
  readonly name?: string;
  /**
   * GatewayClass name.
   * @default - the implementation's name (e.g. "envoy")
   */
  readonly gatewayClassName?: string;
  /**
   * Secret (same namespace) cert-manager writes the listener certificate to.
   * @default "<name>-tls"
   */
  readonly tlsSecretName?: string;
  /**
   * Namespace label that admits HTTPRoutes to the HTTPS listener.
   * @default { key: "shared-gateway-access", value: "true" }
   */
  readonly routeNamespaceLabel?: { readonly key: string; readonly value: string };
  /**
   * Opt-out of the HTTP-to-HTTPS redirect: plain HTTP then serves nothing but ACME challenges. Adds a warning.
   * @default true
   */
  readonly httpsRedirect?: boolean;
}

export const SHARED_GATEWAY_DEFAULTS = {
  name: "shared",
  routeNamespaceLabel: { key: "shared-gateway-access", value: "true" },
  httpsRedirect: true,
  httpListenerName: "http",
  httpsListenerName: "https",
  httpPort: 80,
  httpsPort: 443,
} as const;

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Throws when a known host name is not RFC 1123 (wildcard only as the leading label) or longer than 253. */
export function checkHostname(scope: Construct, prop: string, value: string): void {
  checkPattern(
    scope,
    prop,
    value,
    HOST_NAME,
    "a lowercase DNS host name with a letters-only top-level label (a wildcard only as the leading label, e.g. *.contoso.com)",
  );
  if (isKnown(value) && value.length > 253) throw propError(scope, prop, "must be at most 253 characters", value, "use a shorter host name.");
}

/**
 * True when the listener host name serves the route host name. A wildcard listener covers names with exactly one
 * more label (what its `*.` certificate covers), and the same wildcard.
 */
export function hostnameCovers(listener: string, host: string): boolean {
  if (host === listener) return true;
  if (!listener.startsWith("*.") || host.startsWith("*.")) return false;
  return host.endsWith(listener.slice(1)) && host.split(".").length === listener.split(".").length;
}

/**
 * The shared Gateway of the cluster: a GatewayClass of the implementation and one Gateway with an `http` listener
 * (port 80: ACME HTTP-01 challenges and a 301 redirect to HTTPS) and an `https` listener (port 443, TLS terminated
 * with a certificate cert-manager issues through the `cert-manager.io/cluster-issuer` annotation). Only namespaces
 * carrying {@link SharedGateway.routeNamespaceLabel} can attach routes to HTTPS; HTTP admits routes from the
 * Gateway's own namespace only (the redirect and cert-manager's solver routes). HTTPS clients get TLS 1.2 or later
 * with forward-secret AEAD ciphers, HSTS on every response, and a rate limit per client address (see
 * {@link GatewayClientProtectionProps}).
 *
 * @example
 * ```ts
 * const gateway = new SharedGateway(this, "Gateway", {
 *   implementation: new EnvoyGateway(),
 *   namespace: "gateway",
 *   hostname: "shop.example.com",
 *   clusterIssuer: "letsencrypt-prod",
 * });
 * ```
 */
export class SharedGateway extends Construct implements ISharedGateway {
  public readonly gatewayName: string;
  public readonly namespace: string;
  public readonly hostname: string;
  public readonly gatewayClassName: string;
  public readonly tlsSecretName: string;
  public readonly clusterIssuer: string;
  public readonly routeNamespaceLabel: { readonly key: string; readonly value: string };
  public readonly httpListener: GatewayListenerRef;
  public readonly httpsListener: GatewayListenerRef;
  /** Labels of the proxy pods serving this Gateway (for NetworkPolicies). */
  public readonly dataPlanePodLabels: Record<string, string>;
  /** Namespace the proxy pods run in. */
  public readonly dataPlaneNamespace: string;
  public readonly gatewayClass: KubeObject;
  /** Objects that configure the GatewayClass's data plane (Envoy Gateway: the EnvoyProxy), before the class. */
  public readonly dataPlaneObjects: KubeObject[];
  public readonly gateway: KubeObject;
  /** Listener ports of the Gateway (what its data plane's clients connect to). */
  public readonly listenerPorts: readonly number[] = [SHARED_GATEWAY_DEFAULTS.httpPort, SHARED_GATEWAY_DEFAULTS.httpsPort];
  /** The HTTP-to-HTTPS redirect route, unless opted out. */
  public readonly redirectRoute?: KubeObject;
  /** The implementation's objects for the clients' TLS floor, HSTS and rate limit. */
  public readonly clientProtections: KubeObject[];

  constructor(scope: Construct, id: string, props: SharedGatewayProps) {
    super(scope, id);
    const impl = props.implementation;
    this.gatewayName = props.name ?? SHARED_GATEWAY_DEFAULTS.name;
    this.namespace = props.namespace;
    this.hostname = props.hostname;
    this.gatewayClassName = props.gatewayClassName ?? impl.name;
    this.tlsSecretName = props.tlsSecretName ?? `${this.gatewayName}-tls`;
    this.clusterIssuer = props.clusterIssuer;
    this.routeNamespaceLabel = props.routeNamespaceLabel ?? SHARED_GATEWAY_DEFAULTS.routeNamespaceLabel;
    const label = this.routeNamespaceLabel;
    const httpsRedirect = props.httpsRedirect ?? SHARED_GATEWAY_DEFAULTS.httpsRedirect;
    let protections: ReturnType<typeof resolveClientProtections> | undefined;
    collectProblems(this, [
      () => checkPattern(this, "name", this.gatewayName, DNS_LABEL, "a DNS label"),
      () => checkPattern(this, "namespace", this.namespace, DNS_LABEL, "a DNS label"),
      () => checkPattern(this, "gatewayClassName", this.gatewayClassName, DNS_LABEL, "a DNS label"),
      () => checkPattern(this, "tlsSecretName", this.tlsSecretName, DNS_LABEL, "a DNS label"),
      () => checkPattern(this, "clusterIssuer", this.clusterIssuer, DNS_LABEL, "a DNS label (a ClusterIssuer name)"),
      () => checkHostname(this, "hostname", this.hostname),
      () => checkPattern(this, "routeNamespaceLabel.key", label.key, LABEL_KEY, "a label key ([prefix/]name)"),
      () => checkPattern(this, "routeNamespaceLabel.value", label.value, LABEL_VALUE, "a label value (at most 63 letters, digits, '-', '_', '.')"),
      () => {
        if (!httpsRedirect) warnOptOut(this, "httpsRedirect", "plain-HTTP requests are not redirected to HTTPS");
        protections = resolveClientProtections(this, props);
      },
    ]);

    this.httpListener = { name: this.gatewayName, namespace: this.namespace, sectionName: SHARED_GATEWAY_DEFAULTS.httpListenerName };
    this.httpsListener = { name: this.gatewayName, namespace: this.namespace, sectionName: SHARED_GATEWAY_DEFAULTS.httpsListenerName };
    this.dataPlanePodLabels = impl.gatewayPodLabels({ name: this.gatewayName, namespace: this.namespace });
    this.dataPlaneNamespace = impl.dataPlane.namespace;

    const dataPlane = impl.configureDataPlane(this, "DataPlane");
    this.dataPlaneObjects = dataPlane.objects;
    this.gatewayClass = new KubeObject(this, "GatewayClass", {
      render: () =>
        new GatewayClass({
          metadata: { name: this.gatewayClassName },
          spec: {
            controllerName: impl.controllerName,
            description: `Shared ${impl.name} Gateway API implementation`,
            ...(dataPlane.parametersRef ? { parametersRef: { ...dataPlane.parametersRef } } : {}),
          },
        }),
    });
    // The class is accepted only once its parameters exist.
    for (const obj of dataPlane.objects) dependOn(this.gatewayClass, obj);
    this.gateway = new KubeObject(this, "Gateway", { render: () => this.gatewayModel() });
    this.clientProtections = impl.protectClients(this, "ClientProtection", {
      ...protections!,
      gateway: { name: this.gatewayName, namespace: this.namespace, httpsSectionName: this.httpsListener.sectionName },
    });
    if (httpsRedirect) {
      this.redirectRoute = new KubeObject(this, "HttpsRedirect", {
        render: () =>
          new HTTPRoute({
            metadata: { name: `${this.gatewayName}-https-redirect`, namespace: this.namespace },
            spec: {
              parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", ...this.httpListener }],
              rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
            },
          }),
      });
    }
  }

  private gatewayModel(): Gateway {
    return new Gateway({
      metadata: {
        name: this.gatewayName,
        namespace: this.namespace,
        annotations: { "cert-manager.io/cluster-issuer": this.clusterIssuer },
      },
      spec: {
        gatewayClassName: this.gatewayClassName,
        listeners: [
          {
            name: this.httpListener.sectionName,
            port: SHARED_GATEWAY_DEFAULTS.httpPort,
            protocol: "HTTP",
            allowedRoutes: { namespaces: { from: "Same" } },
          },
          {
            name: this.httpsListener.sectionName,
            port: SHARED_GATEWAY_DEFAULTS.httpsPort,
            protocol: "HTTPS",
            hostname: this.hostname,
            tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: this.tlsSecretName }] },
            allowedRoutes: {
              kinds: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute" }],
              namespaces: {
                from: "Selector",
                selector: { matchLabels: { [this.routeNamespaceLabel.key]: this.routeNamespaceLabel.value } },
              },
            },
          },
        ],
      },
    });
  }
}

/** A Service an application route may send traffic to. */
export interface AppService {
  readonly name: string;
  /** Service port. */
  readonly port: number;
  /**
   * Namespace of the Service.
   * @default - the route's namespace
   */
  readonly namespace?: string;
}

/** One weighted backend of a rule. */
export interface AppRouteBackend {
  /** Name of one of the route's known {@link AppService}s. */
  readonly service: string;
  /**
   * Namespace of the Service; a namespace other than the route's adds a ReferenceGrant there.
   * @default - the route's namespace
   */
  readonly namespace?: string;
  /**
   * Relative weight (0-1000000), e.g. 90 and 10 for a canary.
   * @default 1
   */
  readonly weight?: number;
}

/** One routing rule: a path match and its backends. */
export interface AppRouteRule {
  /** Path, starting with `/`. */
  readonly path: string;
  /**
   * How the path matches.
   * @default "PathPrefix"
   */
  readonly pathType?: "PathPrefix" | "Exact";
  /** Backends; traffic splits by weight. */
  readonly backends: AppRouteBackend[];
}

/** Props of {@link AppHttpRoute}. */
export interface AppHttpRouteProps {
  /** The shared Gateway; the route attaches to its HTTPS listener. */
  readonly gateway: ISharedGateway;
  /** HTTPRoute name. */
  readonly name: string;
  /** Namespace of the route (the application's; it needs the Gateway's route namespace label). */
  readonly namespace: string;
  /** Host names served, each covered by the Gateway's HTTPS listener host name. */
  readonly hostnames: string[];
  /** Rules, in order. */
  readonly rules: AppRouteRule[];
  /** The application's Services; every backend must be one of them. */
  readonly services: AppService[];
}

export const APP_HTTP_ROUTE_DEFAULTS = {
  pathType: "PathPrefix",
  weight: 1,
} as const;

/** Gateway API limits (HTTPRoute CRD): weight maximum, rules, backends and host names per route. */
const MAX_WEIGHT = 1_000_000;
const MAX_RULES = 16;
const MAX_BACKENDS = 16;
const MAX_HOSTNAMES = 16;
const PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;

/**
 * An application's HTTPRoute on the shared Gateway's HTTPS listener: host names, path rules (PathPrefix or Exact) and
 * weighted backends (canary splits such as 90/10). Each backend must be one of the application's Services; a backend
 * in another namespace gets a ReferenceGrant in that namespace admitting exactly this route's namespace and Services.
 *
 * @example
 * ```ts
 * new AppHttpRoute(this, "ShopRoute", {
 *   gateway,
 *   name: "shop",
 *   namespace: "shop",
 *   hostnames: ["shop.example.com"],
 *   rules: [{ path: "/", backends: [{ service: "frontend" }] }],
 *   services: [{ name: "frontend", port: 8080 }],
 * });
 * ```
 */
export class AppHttpRoute extends Construct {
  public readonly route: KubeObject;
  /** ReferenceGrants by backend namespace. */
  public readonly referenceGrants: Record<string, KubeObject> = {};
  public readonly routeName: string;
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: AppHttpRouteProps) {
    super(scope, id);
    validateRoute(this, props);
    this.routeName = props.name;
    this.namespace = props.namespace;
    const gw = props.gateway;

    this.route = new KubeObject(this, "Route", {
      render: () =>
        new HTTPRoute({
          metadata: { name: props.name, namespace: props.namespace },
          spec: {
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", ...gw.httpsListener }],
            hostnames: [...props.hostnames],
            rules: props.rules.map((rule) => ({
              matches: [{ path: { type: rule.pathType ?? APP_HTTP_ROUTE_DEFAULTS.pathType, value: rule.path } }],
              backendRefs: rule.backends.map((b) => {
                const svc = findService(props, b)!;
                const ns = svc.namespace ?? props.namespace;
                return {
                  group: "",
                  kind: "Service",
                  name: svc.name,
                  ...(ns !== props.namespace ? { namespace: ns } : {}),
                  port: svc.port,
                  weight: b.weight ?? APP_HTTP_ROUTE_DEFAULTS.weight,
                };
              }),
            })),
          },
        }),
    });

    for (const [ns, services] of crossNamespaceServices(props)) {
      this.referenceGrants[ns] = new KubeObject(this, `ReferenceGrant-${ns}`, {
        render: () =>
          new ReferenceGrant({
            metadata: { name: `${props.name}-from-${props.namespace}`.slice(0, 253), namespace: ns },
            spec: {
              from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: props.namespace }],
              to: services.map((name) => ({ group: "", kind: "Service", name })),
            },
          }),
      });
    }
  }
}

function findService(props: AppHttpRouteProps, b: AppRouteBackend): AppService | undefined {
  const ns = b.namespace ?? props.namespace;
  return props.services.find((s) => s.name === b.service && (s.namespace ?? props.namespace) === ns);
}

/** Backend Services outside the route's namespace, grouped by namespace (sorted, de-duplicated). */
function crossNamespaceServices(props: AppHttpRouteProps): [string, string[]][] {
  const byNs = new Map<string, Set<string>>();
  for (const rule of props.rules) {
    for (const b of rule.backends) {
      const ns = b.namespace ?? props.namespace;
      if (ns === props.namespace) continue;
      byNs.set(ns, (byNs.get(ns) ?? new Set()).add(b.service));
    }
  }
  return [...byNs.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ns, names]) => [ns, [...names].sort()]);
}

/** Throws on invalid {@link AppHttpRouteProps}, naming every problem at once: each host name, Service and rule on its own. */
function validateRoute(scope: Construct, props: AppHttpRouteProps): void {
  const listener = props.gateway.hostname;
  const known = props.services.map((s) => `${s.namespace ?? props.namespace}/${s.name}`);
  collectProblems(scope, [
    () => checkPattern(scope, "name", props.name, DNS_LABEL, "a DNS label"),
    () => checkPattern(scope, "namespace", props.namespace, DNS_LABEL, "a DNS label"),
    () => {
      if (props.hostnames.length === 0 || props.hostnames.length > MAX_HOSTNAMES) {
        throw propError(scope, "hostnames", `must list 1-${MAX_HOSTNAMES} host names`, props.hostnames, "list the host names the application serves.");
      }
    },
    ...props.hostnames.map((h, i) => () => {
      checkHostname(scope, `hostnames[${i}]`, h);
      if (isKnown(h) && isKnown(listener) && !hostnameCovers(listener, h)) {
        throw propError(
          scope,
          `hostnames[${i}]`,
          `is not served by the Gateway's HTTPS listener host name ${listener}`,
          h,
          `use ${listener} or a name under it.`,
        );
      }
    }),
    () => {
      if (new Set(props.hostnames).size !== props.hostnames.length) {
        throw propError(scope, "hostnames", "must not repeat a host name", props.hostnames, "remove the duplicates.");
      }
    },
    ...props.services.map((s, i) => () => {
      checkPattern(scope, `services[${i}].name`, s.name, DNS_LABEL, "a DNS label");
      checkPattern(scope, `services[${i}].namespace`, s.namespace, DNS_LABEL, "a DNS label");
      checkRange(scope, `services[${i}].port`, s.port, 1, 65535);
    }),
    () => {
      if (props.rules.length === 0 || props.rules.length > MAX_RULES) {
        throw propError(scope, "rules", `must list 1-${MAX_RULES} rules`, props.rules.length, "add at least one rule (and at most 16).");
      }
    },
    ...props.rules.flatMap((rule, i) => {
      const at = `rules[${i}]`;
      return [
        () => checkPattern(scope, `${at}.path`, rule.path, PATH, "an absolute URL path starting with '/'"),
        () => {
          if (rule.backends.length === 0 || rule.backends.length > MAX_BACKENDS) {
            throw propError(scope, `${at}.backends`, `must list 1-${MAX_BACKENDS} backends`, rule.backends.length, "add at least one backend Service.");
          }
          rule.backends.forEach((b, j) => {
            const bAt = `${at}.backends[${j}]`;
            checkPattern(scope, `${bAt}.namespace`, b.namespace, DNS_LABEL, "a DNS label");
            if (!findService(props, b)) {
              const ref = `${b.namespace ?? props.namespace}/${b.service}`;
              throw propError(
                scope,
                `${bAt}.service`,
                `must be one of the application's Services (${known.join(", ") || "none"})`,
                ref,
                "route to a known Service or add it to services.",
              );
            }
            checkRange(scope, `${bAt}.weight`, b.weight, 0, MAX_WEIGHT);
          });
          if (rule.backends.every((b) => (b.weight ?? APP_HTTP_ROUTE_DEFAULTS.weight) === 0)) {
            throw propError(
              scope,
              `${at}.backends`,
              "must not all have weight 0 (the rule would return 500 for every request)",
              rule.backends.map((b) => b.weight),
              "give at least one backend a positive weight.",
            );
          }
        },
      ];
    }),
  ]);
}
