// The operator's view in the portal (Azure Monitor > Workbooks): one page over the gateway's and the functions app's
// OpenTelemetry metrics in Application Insights.

import { gatewayMetrics } from 'metrics.bicep'

@description('Region of the workbook.')
param location string

@description('Tags for every resource.')
param tags object

@description('Application Insights component the queries run against.')
param applicationInsightsId string

@description('Title shown in the portal.')
param displayName string = 'AzureGateway'

var m = gatewayMetrics

// A workbook item that runs one KQL query against Application Insights and draws it.
func chart(title string, query string, visualization string) object => {
  type: 3
  content: {
    version: 'KqlItem/1.0'
    title: title
    query: query
    size: 0
    queryType: 0
    resourceType: 'microsoft.insights/components'
    visualization: visualization
  }
}

var items = [
  {
    type: 1
    content: {
      json: '# AzureGateway\nRequests, backend mTLS, certificates and the Key Vault sync. Alerts: a certificate ending within 14 days, backend handshake failures.'
    }
  }
  chart(
    'Requests by route and status',
    'customMetrics | where name == "${m.requests.name}" and cloud_RoleName == "${m.requests.role}" | extend route = tostring(customDimensions["${m.requests.route}"]), status = tostring(customDimensions["${m.requests.status}"]) | summarize requests = sum(valueCount) by bin(timestamp, 5m), series = strcat(route, " ", status)',
    'timechart'
  )
  chart(
    'Backend TLS handshake failures by reason',
    'customMetrics | where name == "${m.handshakeFailures.name}" | extend reason = tostring(customDimensions["${m.handshakeFailures.reason}"]) | summarize failures = sum(valueSum) by bin(timestamp, 5m), reason',
    'timechart'
  )
  chart(
    'Days until each certificate in use ends (last hour)',
    'customMetrics | where name == "${m.certificateExpiryDays.name}" and timestamp > ago(1h) | extend usage = tostring(customDimensions["${m.certificateExpiryDays.usage}"]), source = tostring(customDimensions["${m.certificateExpiryDays.source}"]), subject = tostring(customDimensions["${m.certificateExpiryDays.subject}"]) | summarize arg_max(timestamp, valueMin) by usage, source, subject | project usage, source, subject, days = round(valueMin, 1) | order by days asc',
    'table'
  )
  chart(
    'Certificate rotations applied',
    'customMetrics | where name == "${m.certificateRotations.name}" | extend source = tostring(customDimensions["${m.certificateRotations.source}"]) | summarize rotations = sum(valueSum) by bin(timestamp, 1h), source',
    'barchart'
  )
  chart(
    'Configuration reloads by result',
    'customMetrics | where name == "${m.configReloads.name}" | extend result = tostring(customDimensions["${m.configReloads.result}"]) | summarize reloads = sum(valueSum) by bin(timestamp, 15m), result',
    'timechart'
  )
  chart(
    'Invalid resources (a False condition) by kind',
    'customMetrics | where name == "${m.invalidResources.name}" | extend resourceKind = tostring(customDimensions["${m.invalidResources.kind}"]) | summarize invalid = max(valueMax) by bin(timestamp, 15m), resourceKind',
    'timechart'
  )
  chart(
    'Key Vault sync lag (seconds)',
    'customMetrics | where name == "${m.keyVaultSyncLag.name}" | summarize average = sum(valueSum) / sum(valueCount), worst = max(valueMax) by bin(timestamp, 1h)',
    'timechart'
  )
  chart(
    'Key Vault expiry events',
    'customMetrics | where name == "${m.keyVaultExpiryEvents.name}" | extend certificate = tostring(customDimensions["${m.keyVaultExpiryEvents.certificate}"]), state = tostring(customDimensions["${m.keyVaultExpiryEvents.state}"]) | summarize events = sum(valueSum) by certificate, state',
    'table'
  )
]

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, applicationInsightsId, 'azuregateway-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsightsId
    serializedData: string({
      version: 'Notebook/1.0'
      items: items
      fallbackResourceIds: [
        applicationInsightsId
      ]
    })
  }
}

output id string = workbook.id
