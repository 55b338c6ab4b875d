using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;

namespace HeatRelief.Storage;

/// <summary>Small helpers for the storage error codes HeatRelief treats as outcomes, not failures.</summary>
public static class StorageErrors
{
    public static bool IsConflict(this RequestFailedException ex) => ex.Status == 409;

    public static bool IsNotFound(this RequestFailedException ex) => ex.Status == 404;

    public static bool IsPreconditionFailed(this RequestFailedException ex) => ex.Status == 412;
}
