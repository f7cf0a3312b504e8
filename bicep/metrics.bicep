// The OpenTelemetry instruments the gateway and the functions app export, and the attributes the workbook and the
// alerts read from them. One table, imported by workbook.bicep and alerts.bicep, so a renamed instrument is changed
// here once. The Azure Monitor exporter sends each under its instrument name to customMetrics, its attributes in
// customDimensions and the process's role in cloud_RoleName; README "Monitoring" describes every one.

@export()
@description('Instrument names, the attributes read from them, and the role each process reports as.')
var gatewayMetrics = {
  // Histogram (ASP.NET Core's, seconds): requests served, tagged by the gateway with the route. The functions app
  // sends one of the same name, so queries keep the gateway's role. A histogram's valueCount is its request count.
  requests: {
    name: 'http.server.request.duration'
    role: 'azuregateway'
    route: 'http.route'
    status: 'http.response.status_code'
  }
  // Counter: failed backend TLS handshakes, by reason (untrusted_ca, name_mismatch, client_certificate_refused,
  // expired, other).
  handshakeFailures: {
    name: 'azuregateway.backend.tls_handshake.failures'
    reason: 'error.type'
  }
  // Gauge: days until the end of each certificate in use (negative once ended), one series per certificate.
  certificateExpiryDays: {
    name: 'azuregateway.certificate.time_to_expiry'
    usage: 'azuregateway.certificate.usage'
    source: 'azuregateway.certificate.source'
    subject: 'azuregateway.certificate.subject'
  }
  // Counter: sources (Secrets, ConfigMaps) whose certificates changed in a configuration applied without a restart.
  certificateRotations: {
    name: 'azuregateway.certificate.rotations'
    source: 'azuregateway.certificate.source'
  }
  // Counter: snapshots of the configuration translated, by result (applied, unchanged, failed).
  configReloads: {
    name: 'azuregateway.config.reloads'
    result: 'azuregateway.config.result'
  }
  // Gauge: resources with a False condition in the last translation, by kind.
  invalidResources: {
    name: 'azuregateway.config.invalid_resources'
    kind: 'azuregateway.resource.kind'
  }
  // Histogram (functions app, seconds): from a Key Vault new-version event to the bound objects written.
  keyVaultSyncLag: {
    name: 'azuregateway.keyvault.sync.lag'
  }
  // Counter (functions app): Key Vault near-expiry and expired events.
  keyVaultExpiryEvents: {
    name: 'azuregateway.keyvault.certificate.expiry_events'
    certificate: 'certificate'
    state: 'state'
  }
}
