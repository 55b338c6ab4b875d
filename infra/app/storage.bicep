// The one storage account: HeatRelief's tables and queues, the Functions host's own blobs, and the Flex
// Consumption deployment container. Shared keys are off, so every caller authenticates with Entra ID.

import { roles } from 'roles.bicep'

@description('Storage account name (3-24 lower-case letters and digits, globally unique).')
param name string

@description('Region of the account.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Blob container that holds the deployed app package (Flex Consumption).')
param deploymentContainerName string

@description('Principal id of the function app\'s user-assigned identity.')
param identityPrincipalId string

@description('Object id of the person or pipeline running azd; empty grants nothing.')
param principalId string

@description('Kind of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string

// Same names as QueueNames and TableNames in src/Storage/StorageNames.cs (the parity test checks them).
// The code also creates them on first use; creating them here makes a fresh account ready for triggers.
var queueNames = [
  'alerts'
  'deliveries'
  'visit-requests'
]
var poisonQueueNames = [for queue in queueNames: '${queue}-poison']
var tableNames = [
  'Sites'
  'Recipients'
  'Officers'
  'HeatEvaluations'
  'Alerts'
  'Deliveries'
  'DeliveryChunks'
  'AuditLog'
  'Visits'
  'OfficerLoad'
  'UsedLinks'
  'Warnings'
  'HeatChecks'
  'Acks'
  'Digests'
]
var dataRoles = [
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
  roles.storageBlobDataOwner
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    // Identity only: no connection string with an account key exists anywhere.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    dnsEndpointType: 'Standard'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in concat(queueNames, poisonQueueNames): {
  parent: queueService
  name: queue
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in tableNames: {
  parent: tableService
  name: table
}]

resource identityRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in dataRoles: {
  name: guid(account.id, identityPrincipalId, role)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}]

// Lets the deployer load sites and recipients from a workstation (selfhost import) with their own login.
resource deployerRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in dataRoles: if (!empty(principalId)) {
  name: guid(account.id, principalId, role)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: principalId
    principalType: principalType
  }
}]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
