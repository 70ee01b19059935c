import { collectProblems } from "../../../constructs/core/validation";
import { Token } from "cdktf";
import { AksClusterNetworkProps } from "../../../constructs/aks/aks-cluster";
import { baseProps, synth } from "./aks-cluster-fixtures";

function network(n: Partial<AksClusterNetworkProps>): AksClusterNetworkProps {
  return { ...baseProps.network, ...n };
}

describe("AksCluster validation", () => {
  test("unresolved tokens skip validation", () => {
    const t = (ref: string) => Token.asString({ Ref: ref });
    expect(() =>
      synth({
        name: t("name"),
        dnsPrefix: t("prefix"),
        kubernetesVersion: t("version"),
        network: { podCidr: t("pod"), serviceCidr: t("svc"), dnsServiceIp: t("dns") },
        apiServer: { publicNetworkAccess: true, allowedIpRanges: [t("ip")] },
      }),
    ).not.toThrow();
  });

  test("fails when kubernetesVersion is not major.minor", () => {
    for (const v of ["1.36.2", "v1.36", "1", "latest"]) {
      expect(() => synth({ kubernetesVersion: v })).toThrow(
        /Aks: kubernetesVersion must be a minor version such as "1\.36" \(no patch: patches are automatic\)/,
      );
    }
  });

  test("fails when kubernetesVersion is older than the oldest minor AKS supports", () => {
    expect(() => synth({ kubernetesVersion: "1.33" })).toThrow(
      /Aks: kubernetesVersion is older than 1\.35, the oldest minor AKS supports for new clusters \(calendar reviewed 2026-12-01\) \(got "1\.33"\).*use 1\.35 or newer \(default 1\.36\)/,
    );
    expect(() => synth({ kubernetesVersion: "1.35" })).not.toThrow();
  });

  test("fails on an invalid name or dnsPrefix", () => {
    expect(() => synth({ name: "-aks" })).toThrow(/Aks: name must be 1-63 letters/);
    expect(() => synth({ dnsPrefix: "aks_dev" })).toThrow(/Aks: dnsPrefix must be 1-54 letters, digits and hyphens/);
  });

  test("fails when adminGroupObjectIds is empty", () => {
    expect(() => synth({ adminGroupObjectIds: [] })).toThrow(/adminGroupObjectIds must list at least one Entra group \(local accounts are disabled\)/);
  });

  test("fails on an unknown availability zone", () => {
    expect(() => synth({ availabilityZones: ["1", "4"] })).toThrow(/availabilityZones must be "1", "2" or "3" \(got "4"\)/);
  });

  test("fails when the system pool names no node subnet among several, or an unknown one", () => {
    expect(() => synth({ systemPool: { ...baseProps.systemPool, subnet: undefined } })).toThrow(
      /systemPool\.subnet must name one of nodeSubnets when there are 2 \(got undefined\)\. Fix: use one of system, user\./,
    );
    expect(() => synth({ systemPool: { ...baseProps.systemPool, subnet: "nodes" } })).toThrow(
      /systemPool\.subnet is not a key of nodeSubnets \(got "nodes"\)\. Fix: use one of system, user\./,
    );
  });

  test("the system pool takes the only node subnet when it names none", () => {
    const out = synth({ systemPool: { ...baseProps.systemPool, subnet: undefined }, nodeSubnets: { nodes: { id: "/subnets/nodes", name: "snet-nodes" } } });
    expect(Object.values<any>(JSON.parse(out).resource.azurerm_kubernetes_cluster)[0].default_node_pool.vnet_subnet_id).toBe("/subnets/nodes");
  });

  test("fails when the pod or service CIDR is not an IPv4 CIDR or has host bits", () => {
    expect(() => synth({ network: network({ podCidr: "10.244.0.0" }) })).toThrow(/network\.podCidr must be an IPv4 CIDR/);
    expect(() => synth({ network: network({ serviceCidr: "10.0.0.1/16" }) })).toThrow(/network\.serviceCidr has host bits set/);
  });

  test("fails when the service CIDR is larger than /12", () => {
    expect(() => synth({ network: { podCidr: "10.244.0.0/16", serviceCidr: "172.0.0.0/8", dnsServiceIp: "172.0.0.10" } })).toThrow(
      /network\.serviceCidr must be \/12 or smaller/,
    );
  });

  test("fails when pod and service CIDRs overlap", () => {
    expect(() => synth({ network: network({ podCidr: "10.0.0.0/8" }) })).toThrow(/network\.serviceCidr overlaps network\.podCidr \(10\.0\.0\.0\/8\)/);
  });

  test("fails when dnsServiceIp is not an address inside the service CIDR", () => {
    expect(() => synth({ network: network({ dnsServiceIp: "10.0.0" }) })).toThrow(/network\.dnsServiceIp must be an IPv4 address/);
    expect(() => synth({ network: network({ dnsServiceIp: "10.1.0.10" }) })).toThrow(
      /network\.dnsServiceIp must lie inside network\.serviceCidr 10\.0\.0\.0\/16 \(got "10\.1\.0\.10"\)/,
    );
  });

  test("fails when dnsServiceIp is the network address or the kubernetes service address", () => {
    for (const ip of ["10.0.0.0", "10.0.0.1"]) {
      expect(() => synth({ network: network({ dnsServiceIp: ip }) })).toThrow(/network\.dnsServiceIp must not be the network address or the first address/);
    }
  });

  test("fails when a public API server has no authorized ranges", () => {
    expect(() => synth({ apiServer: { publicNetworkAccess: true, allowedIpRanges: [] } })).toThrow(/apiServer\.allowedIpRanges must list at least one range/);
  });

  test("fails when a public API server admits 0.0.0.0/0", () => {
    expect(() => synth({ apiServer: { publicNetworkAccess: true, allowedIpRanges: ["203.0.113.0/24", "0.0.0.0/0"] } })).toThrow(
      /apiServer\.allowedIpRanges must not admit the whole internet \(got "0\.0\.0\.0\/0"\)/,
    );
  });

  test("fails on a malformed authorized range", () => {
    expect(() => synth({ apiServer: { publicNetworkAccess: true, allowedIpRanges: ["203.0.113.0/33"] } })).toThrow(
      /apiServer\.allowedIpRanges must hold IPv4 addresses or CIDRs/,
    );
  });

  test("fails on malformed maintenance windows", () => {
    expect(() => synth({ maintenance: { autoUpgrade: { startTime: "2:00" } } })).toThrow(/maintenance\.autoUpgrade\.startTime must be HH:mm/);
    expect(() => synth({ maintenance: { nodeOs: { utcOffset: "UTC" } } })).toThrow(/maintenance\.nodeOs\.utcOffset must be \+HH:mm or -HH:mm/);
    expect(() => synth({ maintenance: { nodeOs: { durationHours: 3 } } })).toThrow(/maintenance\.nodeOs\.durationHours must be a whole number from 4 to 24/);
  });

  test("fails on malformed autoscaler settings", () => {
    expect(() => synth({ autoscalerProfile: { scaleDownUnneeded: "10 minutes" } })).toThrow(
      /autoscalerProfile\.scaleDownUnneeded must be a duration such as "10m"/,
    );
    expect(() => synth({ autoscalerProfile: { scaleDownUtilizationThreshold: 1.5 } })).toThrow(
      /autoscalerProfile\.scaleDownUtilizationThreshold must be greater than 0 and at most 1 \(got 1\.5\)/,
    );
  });
});

describe("AksCluster validation collects", () => {
  test("fails naming every problem of independent props at once", () => {
    expect(() => synth({ name: "aks platform", adminGroupObjectIds: [], availabilityZones: ["4"] })).toThrow(
      /^stack\/Aks: 3 problems:\n- stack\/Aks: name must be 1-63 letters.*\n- stack\/Aks: adminGroupObjectIds must list at least one Entra group.*\n- stack\/Aks: availabilityZones must be "1", "2" or "3" \(got "4"\).*$/,
    );
  });

  test("collectProblems rethrows what is not a props error of the construct", () => {
    const scope = { node: { path: "Aks" } } as never;
    expect(() =>
      collectProblems(scope, [
        () => {
          throw new TypeError("boom");
        },
      ]),
    ).toThrow(TypeError);
  });
});
