import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { KubeObject } from "../../../constructs/kubernetes/kube-object";
import {
  STORAGE_CLASSES_DEFAULTS,
  STORAGE_CLASS_NAMES,
  StorageClasses,
  StorageClassesProps,
  isAksBuiltInStorageClassName,
} from "../../../constructs/kubernetes/storage-classes";
import { manifestOf, manifests, synth, warnings } from "./kube-test-helpers";

const DES = "/subscriptions/0000/resourceGroups/rg-sec/providers/Microsoft.Compute/diskEncryptionSets/des-aks";
const DISK_ACCESS = "/subscriptions/0000/resourceGroups/rg-sec/providers/Microsoft.Compute/diskAccesses/da-aks";

function build(props: StorageClassesProps = {}): { out: any; sc: StorageClasses } {
  let sc: StorageClasses | undefined;
  const out = synth((scope) => {
    sc = new StorageClasses(scope, "Storage", props);
  });
  return { out, sc: sc as StorageClasses };
}

const disk = (out: any) => manifestOf(out, "StorageClass", STORAGE_CLASS_NAMES.database);
const files = (out: any) => manifestOf(out, "StorageClass", STORAGE_CLASS_NAMES.sharedFiles);

describe("StorageClasses", () => {
  test("defaults: database disk class", () => {
    expect(STORAGE_CLASSES_DEFAULTS).toEqual({
      diskNetworkAccessPolicy: "DenyAll",
      fileSku: "Premium_ZRS",
      filePrivateEndpoint: true,
      fileReclaimPolicy: "Retain",
      fileOwner: { uid: 10001, gid: 10001 },
    });
    const { out, sc } = build();
    expect(manifests(out)).toHaveLength(2);
    expect(disk(out)).toEqual({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "platform-disk-premium-zrs-retain" },
      provisioner: "disk.csi.azure.com",
      parameters: { skuName: "Premium_ZRS", networkAccessPolicy: "DenyAll" },
      reclaimPolicy: "Retain",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    });
    expect(sc.databaseClassName).toBe("platform-disk-premium-zrs-retain");
    expect(sc.sharedFilesClassName).toBe("platform-files-premium-zrs");
    expect(warnings(sc)).toEqual([]);
  });

  test("defaults: shared files class", () => {
    expect(files(build().out)).toEqual({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "platform-files-premium-zrs" },
      provisioner: "file.csi.azure.com",
      parameters: {
        skuName: "Premium_ZRS",
        protocol: "smb",
        networkEndpointType: "privateEndpoint",
        requireInfraEncryption: "true",
        allowBlobPublicAccess: "false",
      },
      reclaimPolicy: "Retain",
      volumeBindingMode: "Immediate",
      allowVolumeExpansion: true,
      mountOptions: ["uid=10001", "gid=10001", "dir_mode=0770", "file_mode=0660", "mfsymlinks", "cache=strict", "actimeo=30", "nosharesock"],
    });
  });

  test("diskEncryptionSetId", () => {
    expect(disk(build({ diskEncryptionSetId: DES }).out).parameters).toEqual({
      skuName: "Premium_ZRS",
      networkAccessPolicy: "DenyAll",
      diskEncryptionSetID: DES,
    });
  });

  test("diskNetworkAccessPolicy AllowPrivate with diskAccessId", () => {
    const { out, sc } = build({ diskNetworkAccessPolicy: "AllowPrivate", diskAccessId: DISK_ACCESS });
    expect(disk(out).parameters).toMatchObject({ networkAccessPolicy: "AllowPrivate", diskAccessID: DISK_ACCESS });
    expect(warnings(sc)).toEqual([]);
  });

  test("diskNetworkAccessPolicy AllowAll warns", () => {
    const { out, sc } = build({ diskNetworkAccessPolicy: "AllowAll" });
    expect(disk(out).parameters.networkAccessPolicy).toBe("AllowAll");
    expect(warnings(sc)).toEqual([expect.stringMatching(/^diskNetworkAccessPolicy opts out of a secure default/)]);
  });

  test("fileSku Premium_LRS warns", () => {
    const { out, sc } = build({ fileSku: "Premium_LRS" });
    expect(files(out).parameters.skuName).toBe("Premium_LRS");
    expect(warnings(sc)).toEqual([expect.stringMatching(/^fileSku opts out of a secure default: .*zone outage/)]);
  });

  test("filePrivateEndpoint false warns and drops networkEndpointType", () => {
    const { out, sc } = build({ filePrivateEndpoint: false });
    expect(files(out).parameters).not.toHaveProperty("networkEndpointType");
    expect(warnings(sc)).toEqual([expect.stringMatching(/^filePrivateEndpoint opts out/)]);
  });

  test("filePrivateEndpointNetwork: the driver's endpoints go to the named VNet, resource group and subnet", () => {
    const network = { resourceGroupName: "rg-aks", virtualNetworkName: "vnet-aks", subnetName: "snet-aks-user" };
    expect(files(build({ filePrivateEndpointNetwork: network }).out).parameters).toMatchObject({
      networkEndpointType: "privateEndpoint",
      vnetResourceGroup: "rg-aks",
      vnetName: "vnet-aks",
      subnetName: "snet-aks-user",
    });
    expect(() => build({ filePrivateEndpoint: false, filePrivateEndpointNetwork: network })).toThrow(
      /filePrivateEndpointNetwork only applies with filePrivateEndpoint/,
    );
  });

  test("fileReclaimPolicy Delete warns", () => {
    const { out, sc } = build({ fileReclaimPolicy: "Delete" });
    expect(files(out).reclaimPolicy).toBe("Delete");
    expect(warnings(sc)).toEqual([expect.stringMatching(/^fileReclaimPolicy opts out.*deletes the file share/)]);
  });

  test("names: classes of our own names", () => {
    const { out, sc } = build({ names: { database: "team-db-retain", sharedFiles: "team-shared" } });
    expect(manifestOf(out, "StorageClass", "team-db-retain").provisioner).toBe("disk.csi.azure.com");
    expect(manifestOf(out, "StorageClass", "team-shared").provisioner).toBe("file.csi.azure.com");
    expect([sc.databaseClassName, sc.sharedFilesClassName]).toEqual(["team-db-retain", "team-shared"]);
  });

  test("the default names avoid every AKS built-in class", () => {
    const builtIns = [
      "default",
      "managed",
      "managed-premium",
      "managed-csi",
      "managed-csi-premium",
      "azurefile",
      "azurefile-premium",
      "azurefile-csi",
      "azurefile-csi-premium",
      "azureblob-nfs-premium",
      "azureblob-fuse-premium",
    ];
    for (const name of builtIns) expect(isAksBuiltInStorageClassName(name)).toBe(true);
    for (const name of Object.values(STORAGE_CLASS_NAMES)) expect(isAksBuiltInStorageClassName(name)).toBe(false);
  });

  test("fileOwner sets uid/gid mount options", () => {
    expect(files(build({ fileOwner: { uid: 999, gid: 998 } }).out).mountOptions.slice(0, 2)).toEqual(["uid=999", "gid=998"]);
  });

  test("tags in the drivers' key=value format on both classes", () => {
    const { out } = build({ tags: { env: "prod", owner: "platform" } });
    expect(disk(out).parameters.tags).toBe("env=prod,owner=platform");
    expect(files(out).parameters.tags).toBe("env=prod,owner=platform");
  });

  test("every emitted manifest passes the StorageClass schema", () => {
    const { sc } = build({ diskEncryptionSetId: DES, tags: { env: "prod" } });
    const objects = KubeObject.allIn(sc);
    expect(objects).toHaveLength(2);
    for (const o of objects) expect(() => new StorageClass(o.toManifest() as any).validate()).not.toThrow();
  });

  describe("fails", () => {
    test("on a malformed disk encryption set ID", () => {
      expect(() => build({ diskEncryptionSetId: "des-aks" })).toThrow(
        /Storage: diskEncryptionSetId must be the resource ID of a Microsoft\.Compute\/diskEncryptionSets resource \(got "des-aks"\)/,
      );
    });
    test("on AllowPrivate without diskAccessId, or diskAccessId without AllowPrivate", () => {
      expect(() => build({ diskNetworkAccessPolicy: "AllowPrivate" })).toThrow(/diskAccessId is required with diskNetworkAccessPolicy AllowPrivate/);
      expect(() => build({ diskAccessId: DISK_ACCESS })).toThrow(/diskAccessId only applies with diskNetworkAccessPolicy AllowPrivate/);
      expect(() => build({ diskNetworkAccessPolicy: "AllowPrivate", diskAccessId: "x" })).toThrow(
        /diskAccessId must be the resource ID of a Microsoft\.Compute\/diskAccesses/,
      );
    });
    test("on unknown enum values", () => {
      expect(() => build({ diskNetworkAccessPolicy: "Open" as any })).toThrow(/diskNetworkAccessPolicy must be DenyAll, AllowPrivate or AllowAll/);
      expect(() => build({ fileSku: "Standard_LRS" as any })).toThrow(/fileSku must be Premium_LRS or Premium_ZRS \(got "Standard_LRS"\)/);
    });
    test("on a name of one of AKS's built-in classes", () => {
      expect(() => build({ names: { sharedFiles: "azurefile-csi-premium" } })).toThrow(
        /Storage: names\.sharedFiles collides with AKS's built-in StorageClasses .* \(got "azurefile-csi-premium"\).*use a name of your own, e\.g\. platform-files-premium-zrs/,
      );
      expect(() => build({ names: { database: "managed-csi-premium-zrs-retain" } })).toThrow(/names\.database collides with AKS's built-in StorageClasses/);
      expect(() => build({ names: { database: "default" } })).toThrow(/names\.database collides/);
    });
    test("on a name that is not a DNS subdomain, or the same name twice", () => {
      expect(() => build({ names: { database: "DB_Retain" } })).toThrow(/names\.database must be a DNS subdomain/);
      expect(() => build({ names: { database: "shared", sharedFiles: "shared" } })).toThrow(/names\.sharedFiles must differ from names\.database/);
    });
    test("naming every problem of independent props at once", () => {
      expect(() =>
        build({ names: { database: "default" }, diskAccessId: DISK_ACCESS, fileSku: "Standard_LRS" as any, fileOwner: { uid: -1, gid: 0 } }),
      ).toThrow(
        /: 4 problems:\n- \S+: names\.database collides.*\n- \S+: diskAccessId only applies.*\n- \S+: fileSku must be Premium_LRS or Premium_ZRS.*\n- \S+: fileOwner\.uid must be a whole number.*$/,
      );
    });
    test("on tags with separators and negative owners", () => {
      expect(() => build({ tags: { "a=b": "c" } })).toThrow(/tags must have non-empty keys/);
      expect(() => build({ fileOwner: { uid: -1, gid: 0 } })).toThrow(/fileOwner\.uid must be a whole number from 0/);
    });
  });
});
