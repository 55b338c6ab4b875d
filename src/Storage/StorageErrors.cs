using Azure;

namespace HeatRelief.Storage;

/// <summary>Small helpers for the storage error codes HeatRelief treats as outcomes, not failures.</summary>
public static class StorageErrors
{
    public static bool IsConflict(this RequestFailedException ex) => ex.Status == 409;

    public static bool IsNotFound(this RequestFailedException ex) => ex.Status == 404;

    public static bool IsPreconditionFailed(this RequestFailedException ex) => ex.Status == 412;
}
