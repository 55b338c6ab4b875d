using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HeatRelief.Storage;
using Microsoft.Extensions.Options;

namespace HeatRelief.Delivery;

/// <summary>
/// JSON POST to the recipient's URL with an <c>Idempotency-Key</c> header. WeCom and DingTalk group-robot
/// URLs get the robot's text payload; every other URL gets HeatRelief's own JSON document, with the
/// configured bearer token when there is one.
/// </summary>
public sealed class WebhookChannel(IHttpClientFactory httpClients, IOptions<WebhookOptions> options) : INotificationChannel
{
    public const string HttpClientName = "webhooks";

    public string Name => Channels.Webhook;

    public async Task<SendOutcome> SendAsync(Notification notification, CancellationToken ct)
    {
        if (!Uri.TryCreate(notification.Address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return SendOutcome.Permanent("webhook address is not an absolute http(s) URL");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(Payload(uri, notification), options: MessageJson.Options),
        };
        request.Headers.Add("Idempotency-Key", notification.IdempotencyKey);
        if (options.Value.Token.Length > 0 && !IsRobot(uri))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.Token);
        }

        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct).ConfigureAwait(false);
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

            if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                throw new TransientDeliveryException($"webhook {uri.Host} answered {status}");
            }

            return SendOutcome.Permanent($"webhook {uri.Host} refused the notification with {status}");
        }
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
