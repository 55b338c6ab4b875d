using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace HeatRelief.Messaging;

/// <summary>Retry and timeout pipelines for outgoing HTTP (Open-Meteo, webhooks).</summary>
public static class HttpResilience
{
    /// <summary>
    /// A per-attempt timeout, retries with jittered exponential backoff (each wait at most
    /// <see cref="MaxRetryDelay"/>), and a total timeout of <see cref="TotalTimeout"/> that lets every attempt run
    /// out. The HttpClient's own timeout (100 s by default) is switched off: it would cut the policy short.
    /// Network waits run on the wall clock, never on the injected TimeProvider: a test's frozen clock must not
    /// freeze a retry delay, and domain time (alert days, quiet hours) must not shorten a timeout.
    /// </summary>
    /// <param name="permanent">Failures never retried (a refused webhook target); null retries every transient one.</param>
    public static IHttpClientBuilder AddWallClockResilience(this IHttpClientBuilder builder, string name, int retries, TimeSpan retryDelay, TimeSpan attemptTimeout, Func<Exception, bool>? permanent = null)
    {
        builder.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddResilienceHandler(name, pipeline =>
        {
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(TotalTimeout(retries, retryDelay, attemptTimeout));
            if (retries > 0)
            {
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = retries,
                    Delay = retryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(
                        !(args.Outcome.Exception is { } ex && permanent?.Invoke(ex) == true) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                };
                if (retryDelay > TimeSpan.Zero)
                {
                    retry.MaxDelay = MaxRetryDelay(retries, retryDelay);
                }

                pipeline.AddRetry(retry);
            }

            pipeline.AddTimeout(attemptTimeout);
        });
        return builder;
    }

    /// <summary>The longest single wait between attempts: the last exponential step, <c>delay x 2^(retries-1)</c>.</summary>
    public static TimeSpan MaxRetryDelay(int retries, TimeSpan retryDelay) =>
        retries <= 0 ? TimeSpan.Zero : retryDelay * Math.Pow(2, retries - 1);

    /// <summary>
    /// The bound on one request with all its retries: attempts x per-attempt timeout + the longest backoff
    /// before each retry, plus a second for the pipeline's own work.
    /// </summary>
    public static TimeSpan TotalTimeout(int retries, TimeSpan retryDelay, TimeSpan attemptTimeout) =>
        (attemptTimeout * (retries + 1)) + (MaxRetryDelay(retries, retryDelay) * retries) + TimeSpan.FromSeconds(1);
}
