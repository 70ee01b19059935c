#!/usr/bin/env bash
# Publishes an environment's rendered Flux folder (cdktf.out/gitops/<env>) to the blob container its cluster's
# Flux configuration pulls from, named in cdktf.out/gitops/<env>.source.json. No folder: the environment is
# delivered by Terraform, nothing to do. Signed in as the apply identity (Storage Blob Data Contributor there).
#   publish-gitops.sh <cdktf.out> <env>
set -euo pipefail
out="$1"
env="$2"
source_file="$out/gitops/$env.source.json"
if [ ! -f "$source_file" ]; then
  echo "$env: delivered by Terraform, no Flux folder to publish"
  exit 0
fi
az storage blob sync --auth-mode login --only-show-errors \
  --subscription "$(jq -r .subscriptionId "$source_file")" \
  --account-name "$(jq -r .storageAccountName "$source_file")" \
  --container "$(jq -r .containerName "$source_file")" \
  --source "$out/gitops/$env" --delete-destination true
echo "$env: published $out/gitops/$env to $(jq -r .url "$source_file")"
