import { DataFactoryCredentialUserManagedIdentity } from "@cdktf/provider-azurerm/lib/data-factory-credential-user-managed-identity";
import { IFactoryEntity } from "./entity";
import { Construct } from "constructs";
import { IDataFactory } from "../data-factory";
import { checkFactoryEntityName } from "./factory-names";

/** A factory credential: what linked services refer to. */
export interface IFactoryCredential extends IFactoryEntity {
  readonly entityKind: "Credential";
}

/** Props of {@link UserAssignedIdentityCredential}. */
export interface UserAssignedIdentityCredentialProps {
  readonly factory: IDataFactory;
  /** Credential name. */
  readonly name: string;
  /** Resource id of a user-assigned identity that is assigned to the factory. */
  readonly identityId: string;
  /** @default - none */
  readonly description?: string;
}

/**
 * A user-assigned managed identity as a factory credential, so a linked service can authenticate as that identity
 * instead of the factory's own. The identity must also be assigned to the factory (`managedIdentities`).
 *
 * @example
 * ```ts
 * const credential = new UserAssignedIdentityCredential(this, "TransformCredential", {
 *   factory,
 *   name: "cred_transform",
 *   identityId: transformIdentity.id,
 * });
 * ```
 */
export class UserAssignedIdentityCredential extends Construct implements IFactoryCredential {
  public readonly resource: DataFactoryCredentialUserManagedIdentity;
  public readonly name: string;
  public readonly entityKind = "Credential";

  constructor(scope: Construct, id: string, props: UserAssignedIdentityCredentialProps) {
    super(scope, id);
    checkFactoryEntityName(this, props.name);
    this.resource = new DataFactoryCredentialUserManagedIdentity(this, "Resource", {
      name: props.name,
      dataFactoryId: props.factory.id,
      identityId: props.identityId,
      description: props.description,
    });
    this.name = props.name;
  }
}
