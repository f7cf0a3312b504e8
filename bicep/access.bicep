// Who may do what: every role assignment of the deployment, each scoped to the one resource it is about, with the
// documented built-in role ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
// Workloads get data-plane roles only; no workload gets Owner, Contributor or an administrator role.

@description('Key Vault name.')
param keyVaultName string

@description('AKS cluster name.')
param aksClusterName string

@description('Container registry name.')
param registryName string

@description('Storage account name of the functions app.')
param storageAccountName string

@description('Dead-letter container in that storage account.')
param deadLetterContainerName string

@description('Principal id of the functions app\'s identity.')
param functionsPrincipalId string

@description('Principal id of the data plane\'s identity.')
param gatewayPrincipalId string

@description('Object id of the AKS kubelet identity, which pulls images.')
param kubeletPrincipalId string

@description('Principal id of the Event Grid system topic\'s identity, which writes dead letters.')
param eventGridPrincipalId string

@description('Object id of the user (or CI principal) running azd; empty for none.')
param deployerPrincipalId string = ''

@description('Whether the deployer is a User or a ServicePrincipal.')
@allowed([
  'User'
  'ServicePrincipal'
])
param deployerPrincipalType string = 'User'

// Reads a certificate with its private key (the key is served as the certificate's secret).
var keyVaultCertificateUser = 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba'
// Creates, imports and rotates certificates; cannot change permissions.
var keyVaultCertificatesOfficer = 'a4417e6f-fecd-4de8-b567-7b0420556985'
// Reads the cluster resource and calls listClusterUserCredential (the API server address and CA).
var aksClusterUserRole = '4abbcc35-e782-43d8-92c5-2d3f1bd2253f'
// Reads and writes most namespaced objects, Secrets and ConfigMaps among them; no roles or bindings.
var aksRbacWriter = 'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb'
// The deploying user installs CRDs, ClusterRoles and the data plane.
var aksRbacClusterAdmin = 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b'
var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'
// The Functions host keeps leases and state in blobs and reads its deployment package (Flex Consumption).
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource cluster 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: aksClusterName
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetters 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource functionsReadsCertificates 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionsPrincipalId, keyVaultCertificateUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCertificateUser)
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource gatewayReadsCertificates 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, gatewayPrincipalId, keyVaultCertificateUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCertificateUser)
    principalId: gatewayPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionsFindsCluster 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(cluster.id, functionsPrincipalId, aksClusterUserRole)
  scope: cluster
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', aksClusterUserRole)
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The sync lists, reads and patches Secrets and ConfigMaps in every namespace (KeyVaultSyncAccess.Rules), so the
// role is on the cluster. A custom role with only those four data actions would be narrower, but a custom role
// definition outlives `azd down`.
resource functionsWritesSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(cluster.id, functionsPrincipalId, aksRbacWriter)
  scope: cluster
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', aksRbacWriter)
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionsUsesStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionsPrincipalId, storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource kubeletPullsImages 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, kubeletPrincipalId, acrPull)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: kubeletPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource eventGridWritesDeadLetters 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::deadLetters.id, eventGridPrincipalId, storageBlobDataContributor)
  scope: storage::blobService::deadLetters
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: eventGridPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerManagesCertificates 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, keyVaultCertificatesOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCertificatesOfficer)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

// The sample CA's key is read back to issue a rotated client certificate (infra/hooks/sample-certificates.sh).
resource deployerReadsCertificates 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, keyVaultCertificateUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCertificateUser)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

resource deployerAdministersCluster 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(cluster.id, deployerPrincipalId, aksRbacClusterAdmin)
  scope: cluster
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', aksRbacClusterAdmin)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}
