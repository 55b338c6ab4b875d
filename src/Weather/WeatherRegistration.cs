using HeatRelief.Messaging;
using HeatRelief.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HeatRelief.Weather;

/// <summary>Registers the weather slice: its options, the Open-Meteo client with its retries, and the recorded source.</summary>
public static class WeatherRegistration
{
    public static IServiceCollection AddWeather(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<WeatherOptions>(WeatherOptions.SectionName).ValidateOnStart();
        var weather = configuration.GetSection(WeatherOptions.SectionName).Get<WeatherOptions>() ?? new WeatherOptions();
        services.AddHttpClient(OpenMeteoWeatherSource.HttpClientName)
            .AddWallClockResilience("open-meteo", retries: weather.RetryAttempts, retryDelay: TimeSpan.FromSeconds(weather.RetryDelaySeconds), attemptTimeout: TimeSpan.FromSeconds(weather.RequestTimeoutSeconds));
        services.AddSingleton<RecordedWeatherSource>();
        services.AddSingleton<OpenMeteoWeatherSource>();
        services.TryAddSingleton<IWeatherSource>(sp => sp.GetRequiredService<IOptions<WeatherOptions>>().Value.Source == WeatherOptions.OpenMeteoSource
            ? sp.GetRequiredService<OpenMeteoWeatherSource>()
            : sp.GetRequiredService<RecordedWeatherSource>());

        return services;
    }
}
