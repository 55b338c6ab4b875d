using Azure;

namespace HeatRelief.Alerts;

/// <summary>How far an alert has travelled through the pipeline.</summary>
public sealed record AlertProgress(bool Enqueued, bool FanOutCompleted, int RecipientsQueued, ETag ETag);
