using HeatRelief.Api;
using HeatRelief.Application;
using HeatRelief.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Worker logs, traces and metrics go out through OpenTelemetry, to Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING
// is set; their structured fields carry alert, site and visit ids, never contact details.
builder.Services.AddFunctionsTelemetry(builder.Configuration);
builder.Services.AddHeatRelief(builder.Configuration);

// App Service Authentication (Entra ID) signs callers in and sets X-MS-CLIENT-PRINCIPAL; see infra/app/function.bicep.
builder.Services.AddSingleton<IPrincipalReader, AppServicePrincipalReader>();
builder.Build().Run();
