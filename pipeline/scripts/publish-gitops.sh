#!/usr/bin/env bash
# Publishes an environment's rendered Flux folder (cdktf.out/gitops/<env>) to the blob container its cluster's
# Flux configuration pulls from, named in cdktf.out/gitops/<env>.source.json. No folder: the environment is
# delivered by Terraform, nothing to do. Signed in as the apply identity ("Storage Blob Data Contributor" on that
# container only). azcopy compares content hashes, uploads what changed and deletes what is gone. The sync is not
# atomic: Flux may fetch a half-synced folder, fail to apply it, and converge at its next interval (5 minutes).
#   publish-gitops.sh <cdktf.out> <env>
set -euo pipefail
out="$1"
env="$2"
source_file="$out/gitops/$env.source.json"
if [ ! -f "$source_file" ]; then
  echo "$env: delivered by Terraform, no Flux folder to publish"
  exit 0
fi
bash pipeline/scripts/azure-sign-in.sh
url="$(jq -r .url "$source_file")"
AZCOPY_AUTO_LOGIN_TYPE=AZCLI azcopy sync "$out/gitops/$env" "$url" --recursive --compare-hash MD5 --put-md5 --delete-destination true --output-level essential
echo "$env: published $out/gitops/$env to $url"
