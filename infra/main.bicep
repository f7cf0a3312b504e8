// `azd up` entry point: one resource group holding AzureGateway on Azure, composed from the modules in ../bicep.
// Outputs in UPPER_SNAKE become azd environment values, read by azure.yaml, the hooks and the Kubernetes overlay.

targetScope = 'subscription'

@description('Name of the azd environment: names the resource group and seeds every resource name.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Region of every resource.')
@minLength(1)
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the user (or CI principal) running azd: may manage certificates and administer the cluster. Empty for none.')
param principalId string = ''

@description('Whether principalId is a User or a ServicePrincipal.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Email address notified of alerts; empty for none.')
param alertEmail string = ''

@description('Client id of the Entra app registration the gateway\'s cluster-change notices are authenticated for (the preprovision hook registers one). Empty: no notices; the functions app\'s 15-minute reconcile picks up new bindings.')
param syncAppClientId string = ''

var tags = {
  'azd-env-name': environmentName
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring '../bicep/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    workspaceName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
  }
}

module identities '../bicep/identities.bicep' = {
  name: 'identities'
  scope: rg
  params: {
    location: location
    tags: tags
    functionsIdentityName: 'id-functions-${resourceToken}'
    gatewayIdentityName: 'id-gateway-${resourceToken}'
  }
}

module keyVault '../bicep/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'kv-${resourceToken}'
    workspaceId: monitoring.outputs.workspaceId
  }
}

module registry '../bicep/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'cr${resourceToken}'
    workspaceId: monitoring.outputs.workspaceId
  }
}

module aks '../bicep/aks.bicep' = {
  name: 'aks'
  scope: rg
  params: {
    location: location
    tags: union(tags, { 'azd-service-name': 'gateway' })
    name: 'aks-${resourceToken}'
    workspaceId: monitoring.outputs.workspaceId
  }
}

module storage '../bicep/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'st${resourceToken}'
    workspaceId: monitoring.outputs.workspaceId
  }
}

module functionApp '../bicep/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    identityId: identities.outputs.functionsIdentityId
    identityClientId: identities.outputs.functionsIdentityClientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    workspaceId: monitoring.outputs.workspaceId
    keyVaultUri: keyVault.outputs.uri
    aksClusterResourceId: aks.outputs.id
    syncAppClientId: syncAppClientId
    gatewayIdentityClientId: identities.outputs.gatewayIdentityClientId
  }
}

module eventGrid '../bicep/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'evgt-${resourceToken}'
    keyVaultId: keyVault.outputs.id
    workspaceId: monitoring.outputs.workspaceId
  }
}

module access '../bicep/access.bicep' = {
  name: 'access'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    aksClusterName: aks.outputs.name
    registryName: registry.outputs.name
    storageAccountName: storage.outputs.name
    deadLetterContainerName: storage.outputs.deadLetterContainerName
    functionsPrincipalId: identities.outputs.functionsIdentityPrincipalId
    gatewayPrincipalId: identities.outputs.gatewayIdentityPrincipalId
    kubeletPrincipalId: aks.outputs.kubeletIdentityObjectId
    eventGridPrincipalId: eventGrid.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module federation '../bicep/federation.bicep' = {
  name: 'federation'
  scope: rg
  params: {
    gatewayIdentityName: identities.outputs.gatewayIdentityName
    oidcIssuerUrl: aks.outputs.oidcIssuerUrl
  }
}

module workbook '../bicep/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
  }
}

module alerts '../bicep/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    namePrefix: resourceToken
    alertEmail: alertEmail
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_AKS_CLUSTER_NAME string = aks.outputs.name
output AKS_CLUSTER_RESOURCE_ID string = aks.outputs.id
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
output EVENT_GRID_DEAD_LETTER_CONTAINER string = storage.outputs.deadLetterContainerName
output AZURE_GATEWAY_IDENTITY_CLIENT_ID string = identities.outputs.gatewayIdentityClientId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
// The gateway's cluster-change notices (infra/k8s): where it posts them and the app it asks a token for. Empty when
// not configured, which the gateway reads as "rely on the 15-minute reconcile".
output AZUREGATEWAY_SYNC_URL string = functionApp.outputs.clusterChangedUrl
output AZUREGATEWAY_SYNC_AUDIENCE string = empty(syncAppClientId) ? '' : 'api://${syncAppClientId}'
