#!/bin/sh
# The Entra app registration the gateway's cluster-change notices are authenticated for: the gateway asks a token for
# api://<its client id>, and the functions app's App Service authentication accepts only tokens issued for it (see
# bicep/functionapp.bicep). Bicep cannot create app registrations, so this hook does, before the provisioning reads
# AZURE_SYNC_APP_CLIENT_ID (infra/main.parameters.json).
# - AZURE_SYNC_APP_CLIENT_ID already set (an earlier run, or an app an administrator registered): nothing to do.
# - Otherwise the app named azuregateway-sync-<environment> is found, or registered (single tenant), with the
#   identifier URI api://<client id>, version 2 access tokens and a service principal (Entra issues tokens only for
#   an app that has one).
# - When the signed-in identity may not register applications, the notices stay off and provisioning goes on: the
#   functions app's 15-minute reconcile still picks up new bindings.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/infra/hooks/lib.sh"

if [ -n "${AZURE_SYNC_APP_CLIENT_ID:-}" ]; then
  echo "Cluster-change notices are authenticated for the app registration $AZURE_SYNC_APP_CLIENT_ID"
  exit 0
fi
need az azd
environment=$(setting AZURE_ENV_NAME)
display_name="azuregateway-sync-$environment"

notices_off() {
  echo "warning: could not register the Entra application $display_name; cluster-change notices stay off and the functions app's 15-minute reconcile picks up new bindings (README.md, \"Deploy to Azure with azd up\", says how to turn them on)" >&2
  exit 0
}

# By exact name: --display-name matches every name that starts with it (azuregateway-sync-dev2 for dev).
app_id=$(az ad app list --filter "displayName eq '$display_name'" --query "[0].appId" --output tsv --only-show-errors) || notices_off
if [ -n "$app_id" ]; then
  echo "Found the app registration $display_name ($app_id)"
else
  echo "Registering the app $display_name"
  app_id=$(az ad app create --display-name "$display_name" --sign-in-audience AzureADMyOrg --query appId --output tsv --only-show-errors) || notices_off
  [ -n "$app_id" ] || notices_off
fi
# The gateway asks for the scope api://<client id>/.default. Version 2 access tokens carry the issuer the functions
# app's authentication is configured with (<login endpoint>/<tenant>/v2.0) and the caller in azp; version 1, the
# default, would be issued by sts.windows.net. Left alone when already so, so that an app someone else owns (and
# this identity may read but not change) is used as it is.
# JSON output: tsv would print the boolean as Python's True/False.
configured=$(az ad app show --id "$app_id" \
  --query "contains(identifierUris, 'api://$app_id') && api.requestedAccessTokenVersion == \`2\`" \
  --output json --only-show-errors) || notices_off
if [ "$configured" != "true" ]; then
  az ad app update --id "$app_id" --identifier-uris "api://$app_id" --requested-access-token-version 2 \
    --only-show-errors || notices_off
fi
if ! az ad sp show --id "$app_id" --query id --output tsv --only-show-errors >/dev/null 2>&1; then
  az ad sp create --id "$app_id" --query id --output tsv --only-show-errors >/dev/null || notices_off
fi
azd env set AZURE_SYNC_APP_CLIENT_ID "$app_id"
