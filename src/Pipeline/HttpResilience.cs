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
    /// <param name="permanent">Failures never retried (a refused webhook target); null retries every transient one.</param>
    public static IHttpClientBuilder AddWallClockResilience(this IHttpClientBuilder builder, string name, int retries, TimeSpan retryDelay, TimeSpan attemptTimeout, TimeSpan totalTimeout, Func<Exception, bool>? permanent = null)
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
                    ShouldHandle = args => ValueTask.FromResult(
                        !(args.Outcome.Exception is { } ex && permanent?.Invoke(ex) == true) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                })
                .AddTimeout(attemptTimeout);
        });
        return builder;
    }
}
