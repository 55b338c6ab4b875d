using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;

namespace HeatRelief.SelfHost.Hosting;

/// <summary>
/// Keeps each timer's last and next run in a blob, so a restarted host knows a run was missed. Replaces the
/// monitor <c>AddTimers()</c> registers, which is built against an old storage SDK and fails to load here.
/// </summary>
public sealed class BlobScheduleMonitor(BlobServiceClient blobs) : ScheduleMonitor
{
    public const string ContainerName = "heatrelief-timers";

    public override async Task<ScheduleStatus> GetStatusAsync(string timerName)
    {
        var blob = await BlobAsync(timerName);
        try
        {
            var content = await blob.DownloadContentAsync();
            return content.Value.Content.ToObjectFromJson<ScheduleStatus>() ?? null!;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The base class treats null as "never ran".
            return null!;
        }
        catch (JsonException)
        {
            return null!;
        }
    }

    public override async Task UpdateStatusAsync(string timerName, ScheduleStatus status)
    {
        var blob = await BlobAsync(timerName);
        await blob.UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true);
    }

    private async Task<BlobClient> BlobAsync(string timerName)
    {
        var container = blobs.GetBlobContainerClient(ContainerName);
        await container.CreateIfNotExistsAsync();
        return container.GetBlobClient($"{timerName.Replace('/', '_')}/status.json");
    }
}
