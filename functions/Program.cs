using HeatRelief.Pipeline;
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
builder.Build().Run();
