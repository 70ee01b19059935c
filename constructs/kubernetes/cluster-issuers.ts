import { ClusterIssuer, IClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { Construct } from "constructs";
import { checkPattern, isKnown, propError } from "../core/validation";
import { KubeObject } from "./kube-object";

/** The listener the HTTP-01 solver attaches its temporary HTTPRoute to. */
export interface Http01GatewayRef {
  /** Gateway name. */
  readonly name: string;
  /** Gateway namespace. */
  readonly namespace: string;
  /**
   * Name of the Gateway's plain-HTTP (port 80) listener.
   * @default "http"
   */
  readonly sectionName?: string;
}

/** DNS-01 through Azure DNS with the cert-manager controller's workload identity. */
export interface AzureDns01Props {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  /** The Azure DNS zone, e.g. `contoso.com`; the DNS-01 solver is selected for names in it. */
  readonly hostedZoneName: string;
  /** Client ID of the managed identity (with DNS Zone Contributor on the zone) federated with cert-manager. */
  readonly managedIdentityClientId: string;
}

/** Props of {@link AcmeClusterIssuers}. */
export interface AcmeClusterIssuersProps {
  /** ACME account contact (expiry and incident mail from Let's Encrypt). */
  readonly email: string;
  /** Gateway listener used for HTTP-01 challenges. */
  readonly http01Gateway: Http01GatewayRef;
  /**
   * Adds a DNS-01 solver (Azure DNS, workload identity) selected for the zone; other names keep HTTP-01. Required
   * for wildcard names.
   * @default - HTTP-01 only
   */
  readonly dns01?: AzureDns01Props;
}

/** Let's Encrypt ACME v2 directories. */
export const LETSENCRYPT_SERVERS = {
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
  "letsencrypt-prod": "https://acme-v02.api.letsencrypt.org/directory",
} as const;
export type LetsEncryptIssuerName = keyof typeof LETSENCRYPT_SERVERS;

export const ACME_CLUSTER_ISSUERS_DEFAULTS = {
  http01SectionName: "http",
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ZONE = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;

type Solver = NonNullable<NonNullable<IClusterIssuer["spec"]["acme"]>["solvers"]>[number];

/**
 * The Let's Encrypt ClusterIssuers `letsencrypt-staging` and `letsencrypt-prod` (ACME v2). Both solve HTTP-01 through
 * the shared Gateway's HTTP listener; with `dns01`, names in the Azure DNS zone are solved with DNS-01 instead (the
 * more specific `dnsZones` selector wins), authenticated by workload identity, so no secret is stored.
 */
export class AcmeClusterIssuers extends Construct {
  public readonly staging: KubeObject;
  public readonly prod: KubeObject;
  /** Issuer objects by name. */
  public readonly issuers: Record<LetsEncryptIssuerName, KubeObject>;

  constructor(scope: Construct, id: string, props: AcmeClusterIssuersProps) {
    super(scope, id);
    validate(this, props);
    const build = (name: LetsEncryptIssuerName) =>
      new KubeObject(this, name, { render: () => acmeClusterIssuer(name, props) });
    this.staging = build("letsencrypt-staging");
    this.prod = build("letsencrypt-prod");
    this.issuers = { "letsencrypt-staging": this.staging, "letsencrypt-prod": this.prod };
  }
}

/** One Let's Encrypt ClusterIssuer model. */
export function acmeClusterIssuer(name: LetsEncryptIssuerName, props: AcmeClusterIssuersProps): ClusterIssuer {
  const gw = props.http01Gateway;
  const solvers: Solver[] = [
    {
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
              sectionName: gw.sectionName ?? ACME_CLUSTER_ISSUERS_DEFAULTS.http01SectionName,
            },
          ],
        },
      },
    },
  ];
  if (props.dns01) {
    const d = props.dns01;
    solvers.push({
      selector: { dnsZones: [d.hostedZoneName] },
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

function validate(scope: Construct, props: AcmeClusterIssuersProps): void {
  checkPattern(scope, "email", props.email, EMAIL, "an email address such as platform@contoso.com");
  if (isKnown(props.email) && /@(example\.(com|org|net)|localhost)$/i.test(props.email)) {
    throw propError(scope, "email", "must be a real mailbox (Let's Encrypt rejects example domains)", props.email, "use a monitored team address.");
  }
  checkPattern(scope, "http01Gateway.name", props.http01Gateway.name, DNS_LABEL, "a DNS label");
  checkPattern(scope, "http01Gateway.namespace", props.http01Gateway.namespace, DNS_LABEL, "a DNS label");
  checkPattern(scope, "http01Gateway.sectionName", props.http01Gateway.sectionName, DNS_LABEL, "a DNS label (a listener name)");
  const d = props.dns01;
  if (!d) return;
  checkPattern(scope, "dns01.subscriptionId", d.subscriptionId, GUID, "a GUID");
  checkPattern(scope, "dns01.managedIdentityClientId", d.managedIdentityClientId, GUID, "a GUID (the managed identity's client ID)");
  checkPattern(scope, "dns01.resourceGroupName", d.resourceGroupName, RESOURCE_GROUP, "1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'");
  checkPattern(scope, "dns01.hostedZoneName", d.hostedZoneName, ZONE, "a lowercase DNS zone name such as contoso.com");
}
