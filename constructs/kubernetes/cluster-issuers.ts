import { ClusterIssuer, IClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { Construct } from "constructs";
import { isInZone } from "../aks/acme-dns-challenge-access";
import { DNS_ZONE_NAME, HOST_NAME } from "../core/names";
import { checkPattern, collectProblems, GUID, isKnown, propError, warnOptOut } from "../core/validation";
import { IssuerNamespaceRestriction } from "./issuer-admission-policy";
import { GatewayListenerRef } from "./gateway";
import { KubeObject } from "./kube-object";
import { DNS_LABEL } from "./k8s-names";

/** DNS-01 through Azure DNS with the cert-manager controller's workload identity. */
export interface AzureDns01Props {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  /** The Azure DNS zone, e.g. `contoso.com`; the DNS-01 solver is selected for names in it. */
  readonly hostedZoneName: string;
  /**
   * Client ID of the managed identity federated with cert-manager, holding TXT read and write on each name's
   * `_acme-challenge` record set (`AcmeDnsChallengeAccess`), never a role on the zone.
   */
  readonly managedIdentityClientId: string;
}

/** Props of {@link AcmeClusterIssuers}. */
export interface AcmeClusterIssuersProps {
  /** ACME account contact (expiry and incident mail from Let's Encrypt). */
  readonly email: string;
  /**
   * The only names the issuers solve challenges for: every solver's `selector.dnsNames` lists them, so a Certificate
   * for any other name (say, another host in the corporate zone) finds no solver and is never issued. Names in the
   * `dns01` zone are solved with DNS-01, the rest with HTTP-01 (which cannot prove a wildcard).
   */
  readonly dnsNames: string[];
  /**
   * The Gateway's plain-HTTP (port 80) listener, where the HTTP-01 solver attaches its temporary HTTPRoute (names
   * outside the `dns01` zone): `SharedGateway.httpListener`, so the issuers name the listener the Gateway has.
   */
  readonly http01Gateway: GatewayListenerRef;
  /**
   * Adds a DNS-01 solver (Azure DNS, workload identity) for the names in the zone; other names keep HTTP-01.
   * Required for wildcard names.
   * @default - HTTP-01 only
   */
  readonly dns01?: AzureDns01Props;
  /**
   * The only namespace whose objects may use the issuers ({@link IssuerNamespaceRestriction}: a
   * ValidatingAdmissionPolicy refusing Certificates, CertificateRequests, ACME Orders and Challenges, and annotated
   * Gateways, ListenerSets and Ingresses that name them anywhere else). `false` opts out: anyone who may create
   * such an object in any namespace obtains a certificate for the issuers' names. Adds a warning.
   * @default - the HTTP-01 Gateway's namespace
   */
  readonly reservedNamespace?: string | false;
}

/** Let's Encrypt ACME v2 directories. */
export const LETSENCRYPT_SERVERS = {
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
  "letsencrypt-prod": "https://acme-v02.api.letsencrypt.org/directory",
} as const;
export type LetsEncryptIssuerName = keyof typeof LETSENCRYPT_SERVERS;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;

type Solver = NonNullable<NonNullable<IClusterIssuer["spec"]["acme"]>["solvers"]>[number];

/**
 * The Let's Encrypt ClusterIssuers `letsencrypt-staging` and `letsencrypt-prod` (ACME v2), for the listed names only,
 * usable from one namespace only (the Gateway's, by default).
 * They solve HTTP-01 through the shared Gateway's HTTP listener; with `dns01`, names in the Azure DNS zone are solved
 * with DNS-01 instead, authenticated by workload identity, so no secret is stored.
 *
 * @example
 * ```ts
 * new AcmeClusterIssuers(this, "Issuers", {
 *   email: "platform-team@contoso.com",
 *   dnsNames: ["shop.example.com"],
 *   http01Gateway: gateway.httpListener,
 * });
 * ```
 */
export class AcmeClusterIssuers extends Construct {
  public readonly staging: KubeObject;
  public readonly prod: KubeObject;
  /** Issuer objects by name. */
  public readonly issuers: Record<LetsEncryptIssuerName, KubeObject>;
  /** The admission policy reserving the issuers to one namespace, unless opted out. */
  public readonly restriction?: IssuerNamespaceRestriction;

  constructor(scope: Construct, id: string, props: AcmeClusterIssuersProps) {
    super(scope, id);
    validate(this, props);
    const build = (name: LetsEncryptIssuerName) => new KubeObject(this, name, { render: () => acmeClusterIssuer(name, props) });
    this.staging = build("letsencrypt-staging");
    this.prod = build("letsencrypt-prod");
    this.issuers = { "letsencrypt-staging": this.staging, "letsencrypt-prod": this.prod };
    if (props.reservedNamespace === false) {
      warnOptOut(this, "reservedNamespace", "any namespace can request certificates for the issuers' names");
    } else {
      this.restriction = new IssuerNamespaceRestriction(this, "Reserved", {
        clusterIssuers: Object.keys(LETSENCRYPT_SERVERS),
        namespace: props.reservedNamespace ?? props.http01Gateway.namespace,
      });
    }
  }
}

/** One Let's Encrypt ClusterIssuer model. */
export function acmeClusterIssuer(name: LetsEncryptIssuerName, props: AcmeClusterIssuersProps): ClusterIssuer {
  const gw = props.http01Gateway;
  const { dns01Names, http01Names } = splitAcmeNames(props.dnsNames, props.dns01?.hostedZoneName);
  const solvers: Solver[] = [];
  if (http01Names.length > 0) {
    solvers.push({
      selector: { dnsNames: http01Names },
      http01: {
        gatewayHTTPRoute: {
          // The solver's Service defaults to NodePort; the Gateway routes to it inside the cluster.
          serviceType: "ClusterIP",
          parentRefs: [
            {
              group: "gateway.networking.k8s.io",
              kind: "Gateway",
              name: gw.name,
              namespace: gw.namespace,
              sectionName: gw.sectionName,
            },
          ],
        },
      },
    });
  }
  if (props.dns01 && dns01Names.length > 0) {
    const d = props.dns01;
    solvers.push({
      selector: { dnsNames: dns01Names },
      dns01: {
        azureDNS: {
          subscriptionID: d.subscriptionId,
          resourceGroupName: d.resourceGroupName,
          hostedZoneName: d.hostedZoneName,
          environment: "AzurePublicCloud",
          managedIdentity: { clientID: d.managedIdentityClientId },
        },
      },
    });
  }
  return new ClusterIssuer({
    metadata: { name },
    spec: {
      acme: {
        server: LETSENCRYPT_SERVERS[name],
        email: props.email,
        privateKeySecretRef: { name: `${name}-account-key` },
        solvers,
      },
    },
  });
}

/** The names solved with DNS-01 (in `zone`) and with HTTP-01 (the rest). */
export function splitAcmeNames(dnsNames: readonly string[], zone: string | undefined): { dns01Names: string[]; http01Names: string[] } {
  const inZone = (n: string) => zone !== undefined && isInZone(n, zone);
  return { dns01Names: dnsNames.filter(inZone), http01Names: dnsNames.filter((n) => !inZone(n)) };
}

/** Throws on invalid props, naming every problem at once. */
function validate(scope: Construct, props: AcmeClusterIssuersProps): void {
  const d = props.dns01;
  collectProblems(scope, [
    () => {
      checkPattern(scope, "email", props.email, EMAIL, "an email address such as platform@contoso.com");
      if (isKnown(props.email) && /@(example\.(com|org|net)|localhost)$/i.test(props.email)) {
        throw propError(scope, "email", "must be a real mailbox (Let's Encrypt rejects example domains)", props.email, "use a monitored team address.");
      }
    },
    () => {
      if (props.dnsNames.length === 0) {
        throw propError(scope, "dnsNames", "must list at least one name", [], "pass the names certificates are issued for, e.g. the Gateway's hostname.");
      }
      props.dnsNames.forEach((n, i) => checkPattern(scope, `dnsNames[${i}]`, n, HOST_NAME, "a lowercase DNS name, optionally a wildcard *.name"));
      if (props.dnsNames.every(isKnown)) {
        const { http01Names } = splitAcmeNames(props.dnsNames, props.dns01?.hostedZoneName);
        const wildcard = http01Names.find((n) => n.startsWith("*."));
        if (wildcard !== undefined) {
          throw propError(
            scope,
            "dnsNames",
            "has a wildcard outside the DNS-01 zone (HTTP-01 cannot prove a wildcard)",
            wildcard,
            "set dns01 with the zone the name is in, or list the hosts one by one.",
          );
        }
      }
    },
    () => checkPattern(scope, "http01Gateway.name", props.http01Gateway.name, DNS_LABEL, "a DNS label"),
    () => checkPattern(scope, "http01Gateway.namespace", props.http01Gateway.namespace, DNS_LABEL, "a DNS label"),
    () => checkPattern(scope, "http01Gateway.sectionName", props.http01Gateway.sectionName, DNS_LABEL, "a DNS label (a listener name)"),
    ...(d
      ? [
          () => checkPattern(scope, "dns01.subscriptionId", d.subscriptionId, GUID, "a GUID"),
          () => checkPattern(scope, "dns01.managedIdentityClientId", d.managedIdentityClientId, GUID, "a GUID (the managed identity's client ID)"),
          () =>
            checkPattern(
              scope,
              "dns01.resourceGroupName",
              d.resourceGroupName,
              RESOURCE_GROUP,
              "1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'",
            ),
          () => checkPattern(scope, "dns01.hostedZoneName", d.hostedZoneName, DNS_ZONE_NAME, "a lowercase DNS zone name such as contoso.com"),
        ]
      : []),
  ]);
}
