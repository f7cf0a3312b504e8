// The OpenTelemetry instruments the gateway and the functions app export (meter names aside), and the attributes the
// workbook and the alerts group by. One table, imported by workbook.bicep and alerts.bicep, so a renamed
// instrument is changed here once. In Application Insights each appears in customMetrics under this name.

@export()
@description('Instrument names and the attributes read from them.')
var gatewayMetrics = {
  // Counter: requests served, by Gateway API route and HTTP status.
  requests: {
    name: 'azuregateway.requests'
    route: 'route'
    status: 'status_code'
  }
  // Counter: failed backend TLS handshakes, by reason (untrusted CA, name mismatch, client certificate refused,
  // expired, ...).
  handshakeFailures: {
    name: 'azuregateway.backend.tls_handshake_failures'
    reason: 'reason'
  }
  // Gauge: days until the end of each certificate in use.
  certificateExpiryDays: {
    name: 'azuregateway.certificate.expiry_days'
    certificate: 'certificate'
  }
  // Counter: certificate rotations applied without a restart.
  certificateRotations: {
    name: 'azuregateway.certificate.rotations'
  }
  // Counter: configurations served.
  configReloads: {
    name: 'azuregateway.config.reloads'
  }
  // Counter: resources the translator reported a False condition for.
  translationErrors: {
    name: 'azuregateway.translation.errors'
  }
  // Histogram: seconds from a Key Vault version's creation to its arrival in the cluster.
  keyVaultSyncLag: {
    name: 'azuregateway.keyvault.sync_lag_seconds'
  }
  // Counter (functions app): Key Vault near-expiry and expired events.
  keyVaultExpiryEvents: {
    name: 'azuregateway.keyvault.certificate.expiry_events'
    certificate: 'certificate'
    state: 'state'
  }
}
