// Key Vault in RBAC mode for the app's secrets. The function app reads them through Key Vault references
// resolved with its user-assigned identity, so no secret value is ever an app setting.

import { roles } from 'roles.bicep'

@description('Key Vault name (3-24 characters, globally unique).')
param name string

@description('Region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Principal id of the function app\'s user-assigned identity (gets Key Vault Secrets User).')
param identityPrincipalId string

@description('Object id of the person or pipeline running azd (gets Key Vault Secrets Officer); empty grants nothing.')
param principalId string

@description('Kind of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string

@description('Secret names, shared with the app settings that reference them.')
param secretNames {
  emailPassword: string
  actionLinkSigningKey: string
  webhookSigningSecret: string
  qweatherToken: string
}

@secure()
@description('SMTP password. Empty: the secret is left as it is in the vault, so one set by hand survives a redeploy.')
param emailPassword string

@secure()
@description('Key that signs the links officers follow to acknowledge a visit request.')
param actionLinkSigningKey string

@secure()
@description('Standard Webhooks signing secret (whsec_<base64>), or random text that becomes its key bytes.')
param webhookSigningSecret string

@secure()
@description('QWeather bearer token. Empty: the secret is left as it is in the vault, so one set by hand survives a redeploy.')
param qweatherToken string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access by Azure RBAC role assignments, not vault access policies.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    // Purge protection stays off so `azd down --purge` can free the name; a production vault may turn it on.
    publicNetworkAccess: 'Enabled'
  }
}

resource emailPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(emailPassword)) {
  parent: vault
  name: secretNames.emailPassword
  properties: {
    value: emailPassword
    contentType: 'text/plain'
  }
}

resource qweatherTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(qweatherToken)) {
  parent: vault
  name: secretNames.qweatherToken
  properties: {
    value: qweatherToken
    contentType: 'text/plain'
  }
}

resource actionLinkSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretNames.actionLinkSigningKey
  properties: {
    value: actionLinkSigningKey
    contentType: 'text/plain'
  }
}

// Stored in the whsec_<base64> form receivers' Standard Webhooks libraries expect. azd generates 15 random
// characters the first time and reads the stored whsec_ value back later, which passes through unchanged. The
// hash appended to the generated text only lengthens the key to the 24+ bytes the specification recommends
// (the app refuses fewer than 16); its randomness is azd's.
resource webhookSigningSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretNames.webhookSigningSecret
  properties: {
    value: startsWith(webhookSigningSecret, 'whsec_') ? webhookSigningSecret : 'whsec_${base64('${webhookSigningSecret}${uniqueString(webhookSigningSecret, vault.id)}')}'
    contentType: 'text/plain'
  }
}

resource identitySecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: principalId
    principalType: principalType
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
// Secret names only (never values), so a deployment's outputs hold nothing sensitive.
output secretNames string[] = [
  secretNames.emailPassword
  actionLinkSigningKeySecret.name
  webhookSigningSecretSecret.name
  secretNames.qweatherToken
]
