// HeatRelief on Azure: `azd up` provisions this into a new resource group, then deploys functions/.
// Everything is a local module (infra/app), so the templates build and lint offline (scripts/bicep.sh).

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name: names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Region for every resource; it must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person or pipeline running azd (AZURE_PRINCIPAL_ID): gets storage data access and Key Vault Secrets Officer, to import sites and set the SMTP password. Empty grants nothing.')
param principalId string = ''

@description('Kind of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@minLength(36)
@maxLength(36)
@description('Application (client) id of the Microsoft Entra app registration that protects the HTTP API (README: Deploy to Azure).')
param authClientId string

@description('E-mail address alerted when function executions keep failing. Empty: no alert rule.')
param alertAdmin string = ''

@description('HEAT_CHECK_SCHEDULE: the heat check\'s CRON schedule (six fields, seconds first, UTC).')
param heatCheckSchedule string = '0 0 * * * *'

@description('REASSIGN_SCHEDULE: the reassignment timer\'s CRON schedule (six fields, seconds first, UTC).')
param reassignSchedule string = '0 */5 * * * *'

@description('Visits__AdminRecipients: channel:address pairs (;-separated) told about visits no officer takes.')
param visitAdminRecipients string = ''

@description('Visits__PublicBaseUrl: the app\'s public address for one-tap links. Empty: https://<app name>.azurewebsites.net.')
param publicBaseUrl string = ''

@minValue(0)
@maxValue(15)
@description('Alerts__LookaheadDays: days after today that may raise alerts.')
param alertLookaheadDays int = 1

@description('Weather__OpenMeteoBaseUrl: the live forecast API.')
param openMeteoBaseUrl string = 'https://api.open-meteo.com'

@allowed([
  'none'
  'cap-feed'
  'qweather'
])
@description('Warnings__Source: where official warnings come from; none (the forecast alone), cap-feed (Warnings__FeedUrl) or qweather (Warnings__QWeatherBaseUrl with the qweather-token secret).')
param warningsSource string = 'none'

@description('Warnings__FeedUrl: the Atom or RSS feed of CAP documents read by the cap-feed source.')
param warningsFeedUrl string = ''

@description('Warnings__QWeatherBaseUrl: the QWeather account\'s own API host, read by the qweather source.')
param qweatherBaseUrl string = ''

@secure()
@description('QWeather bearer token, stored as Key Vault secret qweather-token. Empty: the vault\'s secret is left as it is.')
param qweatherToken string = ''

@description('Audit__TimeZone: IANA time zone whose local day names an audit-log partition.')
param auditTimeZone string = 'Asia/Shanghai'

@description('CapFeed__Sender: the CAP sender of the alerts this app publishes (no spaces, commas, < or &). Empty: heatrelief@<app name>.azurewebsites.net.')
param capSender string = ''

@description('Dashboard__MapTileUrl: the dashboard map\'s tiles, an XYZ URL template or leaflet.chinatmsproviders layer names (GaoDe.Normal.Map); empty: no tiles.')
param mapTileUrl string = ''

@description('Dashboard__MapTileKey: the key the tile provider wants in its URLs (Tianditu\'s tk); a browser key.')
param mapTileKey string = ''

@description('Email__Host: SMTP server for the e-mail channel.')
param emailHost string = 'localhost'

// 587 with STARTTLS, not the code's local default 25: Azure blocks outbound port 25 on most subscriptions.
@minValue(1)
@maxValue(65535)
@description('Email__Port: SMTP port.')
param emailPort int = 587

@allowed([
  'None'
  'Auto'
  'StartTls'
  'StartTlsWhenAvailable'
  'SslOnConnect'
])
@description('Email__Security: MailKit SecureSocketOptions.')
param emailSecurity string = 'StartTls'

@description('Email__From: sender address of notification e-mail.')
param emailFrom string = 'HeatRelief <heatrelief@localhost>'

@description('Email__UserName: SMTP user; empty sends without authenticating.')
param emailUserName string = ''

@secure()
@description('SMTP password, stored as Key Vault secret email-password. Empty: the vault\'s secret is left as it is.')
param emailPassword string = ''

@secure()
@description('Key Vault secret action-link-signing-key (azd keeps the first generated value; see main.parameters.json).')
param actionLinkSigningKey string = newGuid()

@secure()
@description('Key Vault secret webhook-signing-secret, the Standard Webhooks key (whsec_<base64>) that signs webhook posts; a value without the whsec_ prefix is used as the key bytes (azd keeps the first generated value; see main.parameters.json).')
param webhookSigningSecret string = newGuid()

@allowed([
  512
  2048
  4096
])
@description('Memory of each Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
@description('Most Flex Consumption instances; also caps what a message storm can cost.')
param maximumInstanceCount int = 40

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'heatrelief'
}
var functionAppName = 'func-heatrelief-${resourceToken}'
// One name per secret, shared by the vault and the app settings that reference it.
var secretNames = {
  emailPassword: 'email-password'
  actionLinkSigningKey: 'action-link-signing-key'
  webhookSigningSecret: 'webhook-signing-secret'
  qweatherToken: 'qweather-token'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-heatrelief-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${resourceToken}'
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
    principalType: principalType
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
    principalType: principalType
    secretNames: secretNames
    emailPassword: emailPassword
    actionLinkSigningKey: actionLinkSigningKey
    webhookSigningSecret: webhookSigningSecret
    qweatherToken: qweatherToken
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    alertAdmin: alertAdmin
  }
}

module functionApp 'app/function.bicep' = {
  name: 'function'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityName: identity.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    storageEndpoints: {
      blob: storage.outputs.blobEndpoint
      queue: storage.outputs.queueEndpoint
      table: storage.outputs.tableEndpoint
    }
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    authClientId: authClientId
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    settings: {
      heatCheckSchedule: heatCheckSchedule
      reassignSchedule: reassignSchedule
      visitAdminRecipients: visitAdminRecipients
      publicBaseUrl: empty(publicBaseUrl) ? 'https://${functionAppName}.azurewebsites.net' : publicBaseUrl
      alertLookaheadDays: alertLookaheadDays
      openMeteoBaseUrl: openMeteoBaseUrl
      warningsSource: warningsSource
      warningsFeedUrl: warningsFeedUrl
      qweatherBaseUrl: qweatherBaseUrl
      auditTimeZone: auditTimeZone
      capSender: empty(capSender) ? 'heatrelief@${functionAppName}.azurewebsites.net' : capSender
      mapTileUrl: mapTileUrl
      mapTileKey: mapTileKey
      emailHost: emailHost
      emailPort: emailPort
      emailSecurity: emailSecurity
      emailFrom: emailFrom
      emailUserName: emailUserName
    }
    keyVaultName: keyVault.outputs.name
    emailPasswordSecretName: secretNames.emailPassword
    actionLinkSigningKeySecretName: secretNames.actionLinkSigningKey
    webhookSigningSecretName: secretNames.webhookSigningSecret
    qweatherTokenSecretName: secretNames.qweatherToken
  }
}

// azd stores these in the environment (.azure/<env>/.env); the README's import step reads them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
