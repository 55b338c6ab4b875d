using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HeatRelief.Storage;
using Microsoft.Extensions.Options;

namespace HeatRelief.Notifications;

/// <summary>
/// JSON POST to the recipient's URL with an <c>Idempotency-Key</c> header and a buffered body with its
/// Content-Length. WeCom and DingTalk group-robot URLs get the robot's text payload; every other URL gets
/// HeatRelief's own JSON document with Standard Webhooks headers (<c>webhook-id</c>, <c>webhook-timestamp</c>,
/// and <c>webhook-signature</c> when a signing secret is set). The client connects only to allowed targets
/// (<see cref="WebhookTargets"/>) and follows no redirect.
/// </summary>
public sealed class WebhookChannel(IHttpClientFactory httpClients, IOptions<WebhookOptions> options, TimeProvider time) : INotificationChannel
{
    public const string HttpClientName = "webhooks";

    private readonly byte[]? _signingKey = options.Value.SigningSecret.Length > 0 ? WebhookSignature.Key(options.Value.SigningSecret) : null;

    public string Name => Channels.Webhook;

    public async Task<SendOutcome> SendAsync(Notification notification, CancellationToken ct)
    {
        if (!Uri.TryCreate(notification.Address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return SendOutcome.Permanent("webhook address is not an absolute http(s) URL");
        }

        // Buffered, so the post carries Content-Length: a receiver that reads only that many bytes gets the whole
        // document, and the signature covers exactly the bytes sent.
        var body = JsonSerializer.SerializeToUtf8Bytes(Payload(uri, notification), MessageJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", notification.IdempotencyKey);
        if (!IsRobot(uri))
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add(WebhookSignature.IdHeader, notification.IdempotencyKey);
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (_signingKey is { } key)
            {
                request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(key, notification.IdempotencyKey, timestamp, body));
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
        }
        catch (HttpRequestException ex) when (Refusal(ex) is { } refused)
        {
            return SendOutcome.Permanent($"webhook target refused: {refused.Message}");
        }
        catch (HttpRequestException ex)
        {
            throw new TransientDeliveryException($"webhook {uri.Host} unreachable: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TransientDeliveryException($"webhook {uri.Host} timed out", ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return SendOutcome.Sent;
            }

            if (status is >= 300 and < 400)
            {
                // Following would let a receiver send the post (and its signature) wherever it likes, past the target check.
                var to = response.Headers.Location is { } location ? $" to {(location.IsAbsoluteUri ? location.Authority : "a relative address")}" : string.Empty;
                return SendOutcome.Permanent($"webhook {uri.Host} answered {status} (redirect{to}); redirects are not followed");
            }

            if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                throw new TransientDeliveryException($"webhook {uri.Host} answered {status}");
            }

            return SendOutcome.Permanent($"webhook {uri.Host} refused the notification with {status}");
        }
    }

    /// <summary>The target refusal behind a failed connection, if that is why it failed.</summary>
    public static WebhookTargetRefusedException? Refusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is WebhookTargetRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    /// <summary>The body to post: robot text for WeCom and DingTalk, the full document otherwise.</summary>
    public static object Payload(Uri uri, Notification n)
    {
        if (IsRobot(uri))
        {
            return new { msgtype = "text", text = new { content = $"{n.Title}\n{n.Body}" } };
        }

        return new
        {
            idempotencyKey = n.IdempotencyKey,
            language = n.Language,
            title = n.Title,
            body = n.Body,
            data = n.Data,
        };
    }

    /// <summary>WeCom (qyapi.weixin.qq.com/cgi-bin/webhook/send) and DingTalk (oapi.dingtalk.com/robot/send) group robots.</summary>
    public static bool IsRobot(Uri uri) =>
        (uri.Host.Equals("qyapi.weixin.qq.com", StringComparison.OrdinalIgnoreCase) && uri.AbsolutePath.StartsWith("/cgi-bin/webhook/send", StringComparison.Ordinal))
        || (uri.Host.Equals("oapi.dingtalk.com", StringComparison.OrdinalIgnoreCase) && uri.AbsolutePath.StartsWith("/robot/send", StringComparison.Ordinal));
}
