#!/usr/bin/env bash
# Signs the Azure CLI in with a fresh GitHub OIDC token (workload identity federation, no secret) and writes the
# token to AZURE_FEDERATED_TOKEN_FILE for kubelogin's workloadidentity mode. GitHub's token lives minutes and the
# CLI cannot renew a federated sign-in, so the plan and apply scripts call this again before each stack.
# Environment: AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE, and the job's
# ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN (permissions: id-token: write).
set -euo pipefail
curl -sSf -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" \
  "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=api://AzureADTokenExchange" | jq -r .value > "$AZURE_FEDERATED_TOKEN_FILE"
az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" \
  --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none
