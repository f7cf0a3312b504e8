#!/bin/sh
# azd postdeploy hook: the wiring that needs the deployed code. Idempotent: running it again changes nothing.
#   1. the Event Grid subscription on the Key Vault's system topic, to the KeyVaultCertificateEvents function
#      (bicep/eventgrid-subscription.bicep; Event Grid checks the function exists, so it cannot come earlier);
#   2. a sample Secret and ConfigMap bound to the sample certificates, and a reconcile, so they are filled at once.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/infra/hooks/lib.sh"
need az kubectl curl

group=$(setting AZURE_RESOURCE_GROUP)
app=$(setting AZURE_FUNCTION_APP_NAME)
vault_uri=$(setting AZURE_KEY_VAULT_ENDPOINT)
topic=$(setting EVENT_GRID_SYSTEM_TOPIC_NAME)
storage=$(setting AZURE_STORAGE_ACCOUNT_NAME)
dead_letters=$(setting EVENT_GRID_DEAD_LETTER_CONTAINER)

subscribe() {
  az deployment group create --resource-group "$group" --name eventgrid-subscription \
    --template-file "$root/bicep/eventgrid-subscription.bicep" \
    --parameters systemTopicName="$topic" functionAppName="$app" deadLetterStorageAccountName="$storage" \
      deadLetterContainerName="$dead_letters" \
    --output none --only-show-errors
}
echo "Subscribing the KeyVaultCertificateEvents function to the Key Vault's certificate events"
# The host lists a newly deployed function after a short while.
retry 20 15 subscribe

use_cluster
echo "Binding the sample Secret and ConfigMap in azuregateway-system to the sample certificates"
kubectl apply -f - <<MANIFEST
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: sample-gateway-client
  namespace: azuregateway-system
  annotations:
    azuregateway.io/key-vault-certificate: ${vault_uri%/}/certificates/gateway-client
data:
  tls.crt: ""
  tls.key: ""
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: sample-client-ca
  namespace: azuregateway-system
  annotations:
    azuregateway.io/key-vault-ca-certificates: ${vault_uri%/}/certificates/gateway-client-ca
MANIFEST

# The functions app reconciles every 15 minutes anyway; asking now fills the sample objects within seconds.
key=$(az functionapp keys list --resource-group "$group" --name "$app" --query functionKeys.default --output tsv --only-show-errors)
host=$(az functionapp show --resource-group "$group" --name "$app" --query defaultHostName --output tsv --only-show-errors)
if curl --fail --silent --show-error --max-time 120 -X POST -H "x-functions-key: $key" "https://$host/api/reconcile"; then
  echo
else
  echo "warning: the reconcile request failed; the 15-minute reconcile will fill the sample objects" >&2
fi
