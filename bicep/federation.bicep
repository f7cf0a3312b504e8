// Trust between the data plane's ServiceAccount and its managed identity (AKS workload identity): tokens the cluster's
// OIDC issuer signs for system:serviceaccount:azuregateway-system:azuregateway (deploy/serviceaccount.yaml) are
// exchanged for the identity's Entra tokens.

@description('Name of the data plane\'s user-assigned identity.')
param gatewayIdentityName string

@description('The AKS cluster\'s OIDC issuer URL.')
param oidcIssuerUrl string

@description('Namespace of the data plane\'s ServiceAccount.')
param serviceAccountNamespace string = 'azuregateway-system'

@description('Name of the data plane\'s ServiceAccount.')
param serviceAccountName string = 'azuregateway'

resource gatewayIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: gatewayIdentityName

  resource serviceAccount 'federatedIdentityCredentials' = {
    name: 'aks-${serviceAccountNamespace}-${serviceAccountName}'
    properties: {
      issuer: oidcIssuerUrl
      subject: 'system:serviceaccount:${serviceAccountNamespace}:${serviceAccountName}'
      audiences: [
        'api://AzureADTokenExchange'
      ]
    }
  }
}
