using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace HeatRelief.Pipeline;

/// <summary>Retry and timeout pipelines for outgoing HTTP (Open-Meteo, webhooks).</summary>
public static class HttpResilience
{
    /// <summary>
    /// Total timeout, retries with jittered backoff on transient answers, and a per-attempt timeout. Network
    /// waits run on the wall clock, never on the injected TimeProvider: a test's frozen clock must not
    /// freeze a retry delay, and domain time (alert days, quiet hours) must not shorten a timeout.
    /// </summary>
    public static IHttpClientBuilder AddWallClockResilience(this IHttpClientBuilder builder, string name, int retries, TimeSpan retryDelay, TimeSpan attemptTimeout, TimeSpan totalTimeout)
    {
        builder.AddResilienceHandler(name, pipeline =>
        {
            pipeline.TimeProvider = TimeProvider.System;
            pipeline
                .AddTimeout(totalTimeout)
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = retries,
                    Delay = retryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                })
                .AddTimeout(attemptTimeout);
        });
        return builder;
    }
}
