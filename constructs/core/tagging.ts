import { IAspect, TerraformResource } from "cdktf";
import { IConstruct } from "constructs";

/** The organisation's mandatory tags. */
export interface MandatoryTags {
  readonly environment: string;
  readonly owner: string;
  readonly costCenter: string;
  /**
   * Extra tags for every resource.
   * @default {}
   */
  readonly extra?: Record<string, string>;
}

interface Taggable {
  tags: Record<string, string> | undefined;
  tagsInput?: Record<string, string>;
}

function isTaggable(node: IConstruct): node is TerraformResource & Taggable {
  // Provider classes expose `tags` as an accessor exactly when the Azure resource supports tags.
  // isTerraformResource, not instanceof: resources of a second copy of cdktf (a linked checkout) are tagged too.
  return TerraformResource.isTerraformResource(node) && "tagsInput" in node;
}

/**
 * Puts `environment`, `owner`, `cost-center` and `managed-by` tags (plus any extra ones) on every taggable resource
 * in scope. Mandatory tags win over a resource's own tags of the same key, so a construct cannot drop them.
 */
export class TaggingAspect implements IAspect {
  private readonly tags: Record<string, string>;

  constructor(tags: MandatoryTags) {
    this.tags = {
      ...tags.extra,
      environment: tags.environment,
      owner: tags.owner,
      "cost-center": tags.costCenter,
      "managed-by": "cdktf",
    };
  }

  public visit(node: IConstruct): void {
    if (!isTaggable(node)) return;
    node.tags = { ...(node.tagsInput ?? {}), ...this.tags };
  }
}
