// The Azure Functions app on the Flex Consumption plan (Linux, dotnet-isolated 10.0), running as its
// user-assigned identity, with every setting the code reads and Entra ID authentication in front of HTTP.

@description('Function app name (globally unique host name).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Region of the plan and the app; it must offer Flex Consumption.')
param location string

@description('Tags applied to the plan and the app.')
param tags object

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Blob URL of the container that holds the deployed package.')
param deploymentContainerUrl string

@description('Storage endpoints for the identity-based AzureWebJobsStorage connection.')
param storageEndpoints {
  blob: string
  queue: string
  table: string
}

@description('Application Insights connection string (ingestion endpoint and component id; local auth is disabled, so it grants nothing by itself).')
param applicationInsightsConnectionString string

@description('Application (client) id of the Entra app registration that protects the HTTP API.')
param authClientId string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound on instances the plan scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('HeatRelief settings the code reads; see the README configuration table.')
param settings {
  heatCheckSchedule: string
  reassignSchedule: string
  visitAdminRecipients: string
  publicBaseUrl: string
  alertLookaheadDays: int
  openMeteoBaseUrl: string
  warningsSource: string
  warningsFeedUrl: string
  qweatherBaseUrl: string
  auditTimeZone: string
  capSender: string
  mapTileUrl: string
  mapTileKey: string
  emailHost: string
  emailPort: int
  emailSecurity: string
  emailFrom: string
  emailUserName: string
}

@description('Key Vault holding the app\'s secrets, read through Key Vault references.')
param keyVaultName string

@description('Name of the Key Vault secret that holds the SMTP password.')
param emailPasswordSecretName string

@description('Name of the Key Vault secret that signs webhook notifications (Standard Webhooks).')
param webhookSigningSecretName string

@description('Name of the Key Vault secret that signs one-tap action links.')
param actionLinkSigningKeySecretName string

@description('Name of the Key Vault secret that holds the QWeather bearer token.')
param qweatherTokenSecretName string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

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
    // Flex Consumption is Linux only.
    reserved: true
  }
}

// Same keys as local.settings.sample.json ("__" nesting); the parity test checks every `name:` below
// against the options classes, the sample and the README. Flex Consumption takes the runtime from
// functionAppConfig, so FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not set here.
var appSettings = [
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.properties.clientId
  }
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: storageEndpoints.blob
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: storageEndpoints.queue
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: storageEndpoints.table
  }
  {
    // The Functions host (host.json telemetryMode OpenTelemetry) and the worker's OpenTelemetry exporter
    // (functions/FunctionsTelemetry.cs) both send here, signed in with the identity below: no ingestion key.
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: applicationInsightsConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  }
  {
    name: 'HEAT_CHECK_SCHEDULE'
    value: settings.heatCheckSchedule
  }
  {
    name: 'REASSIGN_SCHEDULE'
    value: settings.reassignSchedule
  }
  {
    name: 'Visits__AdminRecipients'
    value: settings.visitAdminRecipients
  }
  {
    name: 'Visits__PublicBaseUrl'
    value: settings.publicBaseUrl
  }
  {
    name: 'Visits__LinkSigningKey'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${actionLinkSigningKeySecretName})'
  }
  {
    // Webhook__AllowedPrivateTargets is deliberately absent: in Azure, webhooks go to public addresses only.
    name: 'Webhook__SigningSecret'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${webhookSigningSecretName})'
  }
  {
    name: 'Alerts__LookaheadDays'
    value: string(settings.alertLookaheadDays)
  }
  {
    // The bundled recording is a local demo; in Azure the forecast is live.
    name: 'Weather__Source'
    value: 'open-meteo'
  }
  {
    name: 'Weather__OpenMeteoBaseUrl'
    value: settings.openMeteoBaseUrl
  }
  {
    name: 'Warnings__Source'
    value: settings.warningsSource
  }
  {
    name: 'Warnings__FeedUrl'
    value: settings.warningsFeedUrl
  }
  {
    name: 'Warnings__QWeatherBaseUrl'
    value: settings.qweatherBaseUrl
  }
  {
    // A reference like the password's: the token is never a setting. Read only when Warnings__Source is qweather.
    name: 'Warnings__QWeatherToken'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${qweatherTokenSecretName})'
  }
  {
    name: 'Audit__TimeZone'
    value: settings.auditTimeZone
  }
  {
    name: 'CapFeed__Sender'
    value: settings.capSender
  }
  {
    name: 'Dashboard__MapTileUrl'
    value: settings.mapTileUrl
  }
  {
    name: 'Dashboard__MapTileKey'
    value: settings.mapTileKey
  }
  {
    name: 'Email__Host'
    value: settings.emailHost
  }
  {
    name: 'Email__Port'
    value: string(settings.emailPort)
  }
  {
    name: 'Email__Security'
    value: settings.emailSecurity
  }
  {
    name: 'Email__From'
    value: settings.emailFrom
  }
  {
    name: 'Email__UserName'
    value: settings.emailUserName
  }
  {
    // A reference, resolved by the platform with keyVaultReferenceIdentity: the password is never a setting.
    name: 'Email__Password'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${emailPasswordSecretName})'
  }
]

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd deploys the `functions` service of azure.yaml to the app carrying this tag.
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity, not a system-assigned one (there is none).
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: appSettings
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// App Service Authentication: every HTTP request needs a Microsoft Entra ID sign-in for the app
// registration (API clients send a bearer token; a browser opening the dashboard is sent to the sign-in
// page). Queue and timer triggers are not HTTP and are unaffected. Only /api/links, /api/acks and /api/cap are
// excluded: one-tap links and site managers' acknowledgement links carry their own signed, expiring token, and the CAP feed is public by design (sites and levels,
// no recipient), for other systems to read without a sign-in.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      // Browsers (the dashboard) go to the Entra ID sign-in; API clients send a bearer token.
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      // One-tap links and acknowledgement links carry their own signed, expiring token: officers and site managers
      // open them from a message without signing in.
      // The CAP feed and documents are public alerts for other systems (docs/SECURITY.md).
      excludedPaths: [
        '/api/links'
        '/api/acks'
        '/api/cap'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
    login: {
      // Bearer tokens only: no sessions to store.
      tokenStore: {
        enabled: false
      }
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
