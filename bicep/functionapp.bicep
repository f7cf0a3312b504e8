// The certificate-sync functions app (functions/): the .NET isolated worker on the Flex Consumption plan (Linux). It runs as
// its user-assigned identity everywhere: the host's storage, the deployment package, Key Vault and the AKS API
// server. No app setting holds a key or a connection string with a credential in it.

@description('Region of the resources.')
param location string

@description('Tags for every resource; the app also gets the azd-service-name tag azd deploys to.')
param tags object

@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Resource id of the app\'s user-assigned identity.')
param identityId string

@description('Client id of the app\'s user-assigned identity.')
param identityClientId string

@description('Name of the storage account holding the host\'s state and the deployment package.')
param storageAccountName string

@description('Blob endpoint of that storage account.')
param storageBlobEndpoint string

@description('Container the plan deploys packages from.')
param deploymentContainerName string

@description('Application Insights connection string (not a credential).')
param applicationInsightsConnectionString string

@description('Log Analytics workspace receiving the app\'s platform logs.')
param workspaceId string

@description('The vault whose certificates the app syncs.')
param keyVaultUri string

@description('Resource id of the AKS cluster the app writes Secrets and ConfigMaps to.')
param aksClusterResourceId string

@description('Client id of the Entra app registration the gateway asks tokens for when it notices a cluster change; empty when those notices are not configured (the app then relies on its 15-minute reconcile).')
param syncAppClientId string = ''

@description('Client id of the gateway\'s workload identity: the only application whose tokens may call api/cluster-changed.')
param gatewayIdentityClientId string

@description('Most instances the app scales out to.')
@minValue(40)
param maximumInstanceCount int = 40

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

var clusterChangeNotices = !empty(syncAppClientId)

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union({
    // The host's storage through the identity: account name, credential kind and which identity; no key.
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    // DefaultAzureCredential in the worker picks the user-assigned identity by this.
    AZURE_CLIENT_ID: identityClientId
    // Where the sync writes (functions/README.md, "Writing to an AKS cluster from outside it").
    AKS_CLUSTER_RESOURCE_ID: aksClusterResourceId
    // The vault the Event Grid subscription listens to; bindings name their certificates by full id.
    KEY_VAULT_URI: keyVaultUri
  }, clusterChangeNotices ? {
    // The caller ClusterChanged accepts, matched against the appid/azp claim of the principal Easy Auth validated.
    // Absent, the function refuses every call.
    ClusterChanged__AllowedClientId: gatewayIdentityClientId
  } : {})
}

// App Service authentication (Easy Auth) validates the gateway's token for api/cluster-changed. It requires no
// authentication globally, so the host's key-protected functions, the Event Grid system route and the platform's own
// calls pass untouched; a request that does carry a token is validated, refused unless it was issued to the gateway's
// identity for this app registration, and turned into the X-MS-CLIENT-PRINCIPAL header (Easy Auth strips one a
// client sends). ClusterChanged refuses calls without that header. Only tokens are checked, so no client secret.
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = if (clusterChangeNotices) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: syncAppClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          // The gateway asks for '{audience}/.default' with audience api://<client id>; v2 tokens carry the bare id.
          allowedAudiences: [
            'api://${syncAppClientId}'
            syncAppClientId
          ]
          defaultAuthorizationPolicy: {
            allowedApplications: [
              gatewayIdentityClientId
            ]
          }
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

// Basic publishing credentials (FTP and the SCM site's user/password) are off: azd deploys with Entra tokens.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: app
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
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

output id string = app.id
output name string = app.name
output defaultHostName string = app.properties.defaultHostName
// Where the gateway posts its cluster-change notices; empty when they are not configured.
output clusterChangedUrl string = clusterChangeNotices ? 'https://${app.properties.defaultHostName}/api/cluster-changed' : ''
