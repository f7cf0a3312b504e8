// Alerts on the gateway's telemetry in Application Insights: a certificate in use ends within 14 days, and backend
// TLS handshakes fail. Each fires once per certificate or reason and resolves itself when the cause is gone.

import { gatewayMetrics } from 'metrics.bicep'

@description('Region of the alert rules (Application Insights\'s).')
param location string

@description('Tags for every resource.')
param tags object

@description('Application Insights component the rules query.')
param applicationInsightsId string

@description('Name prefix of the rules and the action group.')
param namePrefix string

@description('Email address notified of alerts; empty for none (alerts still show in the portal).')
param alertEmail string = ''

@description('Days before a certificate\'s end at which it alerts.')
@minValue(1)
param expiryThresholdDays int = 14

var expiry = gatewayMetrics.certificateExpiryDays
var failures = gatewayMetrics.handshakeFailures

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'azgw-alerts'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operator'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

resource certificateExpiring 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-certificate-expiring'
  location: location
  tags: tags
  properties: {
    displayName: 'AzureGateway: a certificate in use ends within ${expiryThresholdDays} days'
    description: 'The latest ${expiry.name} of a certificate in use in the last hour is below ${expiryThresholdDays}. Rotate it in Key Vault (README, "Rotate a certificate").'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT1H'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "${expiry.name}" | extend certificate = strcat(tostring(customDimensions["${expiry.source}"]), " ", tostring(customDimensions["${expiry.subject}"])) | summarize arg_max(timestamp, valueMin) by certificate | where valueMin < ${expiryThresholdDays}'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          dimensions: [
            {
              name: 'certificate'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource handshakeFailures 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-backend-handshake-failures'
  location: location
  tags: tags
  properties: {
    displayName: 'AzureGateway: backend TLS handshakes fail'
    description: 'The gateway counted ${failures.name} in the last 15 minutes; the reason dimension says why (the gateway log has one line per failure).'
    severity: 1
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "${failures.name}" | extend reason = tostring(customDimensions["${failures.reason}"]) | summarize failures = sum(valueSum) by reason | where failures > 0'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          dimensions: [
            {
              name: 'reason'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

output certificateExpiringAlertId string = certificateExpiring.id
output handshakeFailuresAlertId string = handshakeFailures.id
