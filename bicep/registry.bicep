// The container registry the data plane image is pushed to; pulled by the AKS kubelet identity (access.bicep).
// No admin user: every pull and push is an Entra identity (Basic registries have no anonymous pull).

@description('Region of the resources.')
param location string

@description('Tags for every resource.')
param tags object

@description('Registry name (alphanumeric, 5-50 characters).')
@minLength(5)
@maxLength(50)
param name string

@description('Log Analytics workspace receiving login and repository events.')
param workspaceId string

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: registry
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output id string = registry.id
output name string = registry.name
output loginServer string = registry.properties.loginServer
