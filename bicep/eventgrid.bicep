// The Event Grid system topic on the Key Vault. Its subscription (eventgrid-subscription.bicep) points at a function,
// which exists only once the app's code is deployed, so azd's postdeploy hook deploys the subscription.
// The topic's system-assigned identity writes dead letters (its role is in access.bicep).

@description('Region of the resources (the vault\'s).')
param location string

@description('Tags for every resource.')
param tags object

@description('System topic name.')
param name string

@description('Resource id of the Key Vault whose events the topic carries.')
param keyVaultId string

@description('Log Analytics workspace receiving the delivery failure logs and metrics.')
param workspaceId string

resource topic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: keyVaultId
    topicType: 'Microsoft.KeyVault.vaults'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: topic
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

output id string = topic.id
output name string = topic.name
output principalId string = topic.identity.principalId
