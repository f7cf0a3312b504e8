// The two workloads' user-assigned managed identities. What each may do is granted in access.bicep.

@description('Region of the resources.')
param location string

@description('Tags for every resource.')
param tags object

@description('Identity of the certificate-sync functions app.')
param functionsIdentityName string

@description('Identity of the data plane pods (AKS workload identity).')
param gatewayIdentityName string

resource functionsIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: functionsIdentityName
  location: location
  tags: tags
}

resource gatewayIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: gatewayIdentityName
  location: location
  tags: tags
}

output functionsIdentityId string = functionsIdentity.id
output functionsIdentityName string = functionsIdentity.name
output functionsIdentityClientId string = functionsIdentity.properties.clientId
output functionsIdentityPrincipalId string = functionsIdentity.properties.principalId
output gatewayIdentityName string = gatewayIdentity.name
output gatewayIdentityClientId string = gatewayIdentity.properties.clientId
output gatewayIdentityPrincipalId string = gatewayIdentity.properties.principalId
