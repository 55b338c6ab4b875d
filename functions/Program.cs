using HeatRelief.Api;
using HeatRelief.Application;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Worker logs go to Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING); their structured
// properties carry alert, site and recipient ids, never contact details.
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
builder.Services.AddHeatRelief(builder.Configuration);

// App Service Authentication (Entra ID) signs callers in and sets X-MS-CLIENT-PRINCIPAL; see infra/app/function.bicep.
builder.Services.AddSingleton<IPrincipalReader, AppServicePrincipalReader>();
builder.Build().Run();
