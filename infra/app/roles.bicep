// Built-in Azure role definition ids, named once so every module grants the same roles by name.
// Least privilege per use: data-plane roles only, no Contributor or Owner on anything.

@export()
@description('Built-in role definition GUIDs used by HeatRelief.')
var roles = {
  // Queue triggers, the poison queues and QueueSender: read, write, delete messages; create queues.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Every table: Sites, Recipients, ..., AuditLog (the code creates missing tables on first use).
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // The Functions host's leases and the timer's schedule monitor, and the Flex deployment package.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Resolve @Microsoft.KeyVault(...) app settings.
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  // The person running azd sets secrets (the SMTP password) by hand.
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  // Identity-based (Entra) ingestion into Application Insights, whose local auth is disabled.
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}
