// Log Analytics and workspace-based Application Insights with local (instrumentation-key) auth disabled:
// the app sends telemetry with its managed identity. Optionally e-mails an administrator when function
// executions keep failing.

import { roles } from 'roles.bicep'

@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Region of the workspace and the component.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Principal id of the function app\'s user-assigned identity (gets Monitoring Metrics Publisher).')
param identityPrincipalId string

@description('E-mail address alerted when executions keep failing; empty creates no alert.')
param alertAdmin string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    // 30 days is included in the ingestion price; keep it there.
    retentionInDays: 30
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource identityPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource adminGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertAdmin)) {
  name: 'ag-${applicationInsightsName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'heatrelief'
    enabled: true
    emailReceivers: [
      {
        name: 'alert-admin'
        emailAddress: alertAdmin
        useCommonAlertSchema: true
      }
    ]
  }
}

// A message is retried five times (host.json maxDequeueCount) before it is poisoned, so more than four
// failed executions in an hour means a message is probably on a poison queue: worth a person's look.
resource failedExecutions 'Microsoft.Insights/metricAlerts@2018-03-01' = if (!empty(alertAdmin)) {
  name: 'failed-executions-${applicationInsightsName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'HeatRelief function executions keep failing; check the <queue>-poison queues and the AuditLog table.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'FailedExecutions'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: 4
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      {
        actionGroupId: adminGroup.id
      }
    ]
  }
}

output applicationInsightsName string = applicationInsights.name
output connectionString string = applicationInsights.properties.ConnectionString
output workspaceName string = workspace.name
