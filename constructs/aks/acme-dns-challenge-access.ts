import { DnsTxtRecord } from "@cdktf/provider-azurerm/lib/dns-txt-record";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { Construct } from "constructs";
import { IPrincipal } from "../core/interfaces";
import { deterministicGuid } from "../core/role-assignments";
import { checkPattern, collectProblems, propError } from "../core/validation";
import { HOST_NAME } from "../core/names";
import { IDnsZone } from "../network/existing-dns-zone";

/**
 * What cert-manager's Azure DNS solver does with `hostedZoneName` set (pkg/issuer/acme/dns/azuredns, v1.21): it
 * reads the challenge's TXT record set, adds its token and writes the set back; on clean-up it removes its token and
 * writes the set back, deleting the set only when no value is left. It never reads the zone. So a record set that
 * keeps a fixed value is never deleted, and a role on that record set with TXT read and write is all it needs:
 * it cannot touch another record, the zone's NS, MX or SPF records, or the zone itself.
 */
export const ACME_CHALLENGE_TXT_ACTIONS = ["Microsoft.Network/dnsZones/TXT/read", "Microsoft.Network/dnsZones/TXT/write"] as const;

/** The value each challenge record set keeps, so cert-manager's clean-up never empties (and deletes) it. */
export const ACME_CHALLENGE_PLACEHOLDER = "cert-manager DNS-01 challenge record set: tokens come and go, this value stays";

export const ACME_DNS_CHALLENGE_ACCESS_DEFAULTS = {
  /** cert-manager's own TTL for the record sets it creates. */
  ttl: 60,
} as const;

/**
 * The custom role, when an administrator creates it ahead (the `bootstrap` stack, so that pipelines need no right to
 * write role definitions): a name unique per tenant and a GUID derived from it, so both stacks agree on the id.
 */
export function acmeChallengeRole(clusterName: string, subscriptionId: string) {
  const { name, guid } = acmeChallengeRoleName(clusterName);
  return { name, guid, id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}` };
}

/** The custom role's name and GUID, which the cluster's name alone decides. */
function acmeChallengeRoleName(clusterName: string) {
  const name = `ACME DNS-01 challenge records (${clusterName})`;
  return { name, guid: deterministicGuid(name) };
}

/** Props of {@link AcmeChallengeRole}. */
export interface AcmeChallengeRoleProps {
  /** Name of the cluster whose cert-manager the role is for (names the role, which is unique per tenant). */
  readonly clusterName: string;
  /** The zone ({@link ExistingDnsZone}): its resource group is the role's only assignable scope. */
  readonly zone: IDnsZone;
}

/**
 * The TXT-only custom role, assignable in the DNS zone's resource group only.
 *
 * @example
 * ```ts
 * new AcmeChallengeRole(this, "AcmeRole", {
 *   clusterName: "aks-platform-dev",
 *   zone: new ExistingDnsZone(this, "DnsZone", { name: "example.com", resourceGroupName: "rg-dns" }),
 * });
 * ```
 */
export class AcmeChallengeRole extends Construct {
  public readonly resource: RoleDefinition;
  /** GUID of the role definition (the apply identity's assignable-roles condition names it). */
  public readonly guid: string;

  constructor(scope: Construct, id: string, props: AcmeChallengeRoleProps) {
    super(scope, id);
    const role = acmeChallengeRoleName(props.clusterName);
    const zoneGroup = props.zone.resourceGroupId;
    this.resource = new RoleDefinition(this, "Resource", {
      roleDefinitionId: role.guid,
      name: role.name,
      description: `cert-manager of ${props.clusterName}: read and write the _acme-challenge TXT record sets it is assigned on, nothing else`,
      scope: zoneGroup,
      assignableScopes: [zoneGroup],
      permissions: [{ actions: [...ACME_CHALLENGE_TXT_ACTIONS] }],
    });
    this.guid = role.guid;
  }
}

/** Props of {@link AcmeDnsChallengeAccess}. */
export interface AcmeDnsChallengeAccessProps {
  /** The zone the certificate names are in ({@link ExistingDnsZone}). */
  readonly zone: IDnsZone;
  /** The certificate names solved with DNS-01 (all in the zone; a wildcard `*.x` is challenged at `x`). */
  readonly dnsNames: string[];
  /** cert-manager's identity. */
  readonly principal: IPrincipal;
  /** Name of the cluster (names the custom role). */
  readonly clusterName: string;
  /**
   * Resource id of the custom role, created ahead by an administrator ({@link AcmeChallengeRole}).
   * @default - this construct creates the role, assignable in the zone's resource group only
   */
  readonly roleDefinitionId?: string;
  /**
   * TTL of the challenge record sets, in seconds.
   * @default 60
   */
  readonly ttl?: number;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/** The TXT record set name (relative to the zone) where ACME challenges `dnsName`. */
export function acmeChallengeRecordName(dnsName: string, zone: string): string {
  const host = dnsName.replace(/^\*\./, "");
  if (host === zone) return "_acme-challenge";
  return `_acme-challenge.${host.slice(0, -(zone.length + 1))}`;
}

/** True when `dnsName` (or the name a wildcard stands for) is in `zone` or is its apex. */
export function isInZone(dnsName: string, zone: string): boolean {
  const host = dnsName.replace(/^\*\./, "");
  return host === zone || host.endsWith(`.${zone}`);
}

/**
 * The least DNS rights cert-manager needs for DNS-01 through Azure DNS: one `_acme-challenge` TXT record set per
 * certificate name, created here with a value that stays (see {@link ACME_CHALLENGE_TXT_ACTIONS}) and a CanNotDelete
 * lock, and a custom role with TXT read and write assigned on each record set, never on the zone. Azure RBAC scopes below a zone to its
 * record sets (Microsoft Learn, "How to protect DNS zones and records", record-set level RBAC).
 *
 * @example
 * ```ts
 * new AcmeDnsChallengeAccess(this, "CertManagerDnsChallenges", {
 *   zone: new ExistingDnsZone(this, "DnsZone", { name: "example.com", resourceGroupName: "rg-dns" }),
 *   dnsNames: ["*.apps.example.com"],
 *   principal: certManagerIdentity,
 *   clusterName: "aks-platform-dev",
 * });
 * ```
 */
export class AcmeDnsChallengeAccess extends Construct {
  /** Challenge record sets by certificate name. */
  public readonly records: Record<string, DnsTxtRecord> = {};
  public readonly assignments: RoleAssignment[] = [];
  /** The custom role, when this construct created it. */
  public readonly role?: AcmeChallengeRole;

  constructor(scope: Construct, id: string, props: AcmeDnsChallengeAccessProps) {
    super(scope, id);
    const ttl = props.ttl ?? ACME_DNS_CHALLENGE_ACCESS_DEFAULTS.ttl;
    collectProblems(this, [
      () => {
        if (props.dnsNames.length === 0) {
          throw propError(
            this,
            "dnsNames",
            "must list at least one certificate name",
            [],
            "pass the names cert-manager issues certificates for in the zone, or drop DNS-01.",
          );
        }
      },
      ...props.dnsNames.map((n, i) => () => {
        checkPattern(this, `dnsNames[${i}]`, n, HOST_NAME, "a lowercase DNS name, optionally a wildcard *.name");
        if (!isInZone(n, props.zone.name)) {
          throw propError(
            this,
            `dnsNames[${i}]`,
            `is not in the zone ${props.zone.name}`,
            n,
            `give names under ${props.zone.name}, or solve this one with HTTP-01.`,
          );
        }
      }),
      () => {
        if (!Number.isInteger(ttl) || ttl < 1 || ttl > 3600) {
          throw propError(this, "ttl", "must be an integer from 1 to 3600 seconds", ttl, "use 60 (cert-manager's own TTL).");
        }
      },
    ]);
    if (props.roleDefinitionId === undefined) {
      this.role = new AcmeChallengeRole(this, "Role", { clusterName: props.clusterName, zone: props.zone });
    }
    const roleDefinitionId = props.roleDefinitionId ?? this.role!.resource.roleDefinitionResourceId;

    const byRecord = new Map<string, string[]>();
    for (const n of props.dnsNames) {
      const record = acmeChallengeRecordName(n, props.zone.name);
      byRecord.set(record, [...(byRecord.get(record) ?? []), n]);
    }
    for (const [record, names] of byRecord) {
      const txt = new DnsTxtRecord(this, `Record-${record}`, {
        name: record,
        zoneName: props.zone.name,
        resourceGroupName: props.zone.resourceGroupName,
        ttl,
        record: [{ value: ACME_CHALLENGE_PLACEHOLDER }],
        tags: props.tags,
        // cert-manager adds and removes challenge tokens in this set, so their coming and going is no drift to
        // plan away. (An apply that does update the set, say a new TTL, writes its values as last refreshed.)
        lifecycle: { ignoreChanges: ["record"] },
      });
      // The role is on this record set: deleted, it would take the role with it, and cert-manager cannot recreate it.
      new ManagementLock(this, `Lock-${record}`, {
        name: `lock-${record}`,
        scope: txt.id,
        lockLevel: "CanNotDelete",
        notes: "cert-manager's DNS-01 record set: its role assignment lives on it. Managed by infrastructure as code.",
      });
      for (const n of names) this.records[n] = txt;
      const assignment = new RoleAssignment(this, `Assignment-${record}`, {
        scope: txt.id,
        roleDefinitionId,
        principalId: props.principal.principalId,
        principalType: props.principal.principalType,
        description: `cert-manager DNS-01 for ${names.join(", ")}: TXT read and write on this record set only`,
      });
      this.assignments.push(assignment);
    }
  }
}
