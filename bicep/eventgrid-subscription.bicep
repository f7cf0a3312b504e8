// The Key Vault system topic's subscription: the three certificate events, delivered to the KeyVaultCertificateEvents
// function, retried, and dead-lettered to blob storage with the topic's own identity (no storage key).
// Deployed by infra/hooks/postdeploy.sh once the function exists (Event Grid validates the endpoint on creation);
// deploying it again changes nothing.

@description('Name of the Key Vault system topic (eventgrid.bicep).')
param systemTopicName string

@description('Name of the function app (functionapp.bicep).')
param functionAppName string

@description('Name of the storage account holding the dead-letter container.')
param deadLetterStorageAccountName string

@description('Blob container for events that could not be delivered.')
param deadLetterContainerName string

@description('Delivery attempts before an event is dead-lettered.')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

@description('Minutes an event is retried before it is dead-lettered.')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int = 1440

resource topic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' existing = {
  name: systemTopicName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName

  resource certificateEvents 'functions' existing = {
    name: 'KeyVaultCertificateEvents'
  }
}

resource deadLetterStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: deadLetterStorageAccountName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2024-06-01-preview' = {
  parent: topic
  name: 'key-vault-certificates-to-functions'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: functionApp::certificateEvents.id
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.KeyVault.CertificateNewVersionCreated'
        'Microsoft.KeyVault.CertificateNearExpiry'
        'Microsoft.KeyVault.CertificateExpired'
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: deadLetterStorage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output id string = subscription.id
